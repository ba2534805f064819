"""Comments on an advance: the crew who submitted it and its reviewers talk on its page, or by
replying to one of its notification emails (dragonfly/notifications/replies.py registers
`comment_by_email` in AdvancingConfig.ready()). The other side is told of each comment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.inputs import text_cleaner
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import display_name, may_any

from .errors import AdvanceInvalid
from .models import REVIEW_PERMS, Advance, AdvanceComment

if TYPE_CHECKING:
    from django.contrib.auth.models import User

clean_text = text_cleaner(AdvanceInvalid)
MAX_LENGTH = 5000


def may_comment(user: Any, advance: Advance) -> bool:
    """Who submitted the advance and who may review it (both see it); not every reader of the workspace."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("advancing.view_advance", advance):
        return False
    return advance.submitter_id == user.pk or may_any(user, REVIEW_PERMS, advance)


def comment_on_advance(advance: Advance, *, actor: User, body: str, via: str = "") -> AdvanceComment:
    """`via="email"`: the comment came as a reply to a notification email (its activity says so)."""
    if not may_comment(actor, advance):
        raise PermissionDenied(_("Only who submitted this advance and its reviewers comment on it."))
    body = clean_text(body, _("comment"), max_length=MAX_LENGTH, required=True)
    with transaction.atomic():
        comment = AdvanceComment.objects.create(advance=advance, author=actor, body=body)
        data: dict[str, Any] = {"comment": comment.pk, **({"via": via} if via else {})}
        record_activity(advance, actor=actor, verb="advance.commented", workspace=advance.workspace, data=data)
        _tell_the_other_side(comment)
    return comment


def comment_by_email(advance_pk: int, actor: User, body: str) -> AdvanceComment:
    """A reply to an advance's notification email: the advance as the sender still sees it, and the
    page's own check (in comment_on_advance)."""
    advance = Advance.objects.visible_to(actor).select_related("workspace", "submitter").get(pk=advance_pk)
    return comment_on_advance(advance, actor=actor, body=body, via="email")


def _tell_the_other_side(comment: AdvanceComment) -> None:
    """The crew's comment reaches the reviewers; a reviewer's reaches the crew. A reply to the email
    comments again (reply_about)."""
    from .notifications import advance_url, reviewers_of

    advance, author = comment.advance, comment.author
    if author is not None and author.pk == advance.submitter_id:
        people = reviewers_of(advance)
    else:
        people = [advance.submitter] if advance.submitter.is_active else []
    people = [p for p in people if author is None or p.pk != author.pk]
    name = display_name(author) if author is not None else ""
    notify(
        people,
        kind="general",  # its own kind would need a migration of the core's notifications
        title=lambda: _("%(name)s commented on advance #%(pk)s") % {"name": name, "pk": advance.pk},
        body=Truncator(comment.body).chars(300),
        url=advance_url(advance) + f"#comment-{comment.pk}",
        workspace=advance.workspace,
        trigger="advancing.advance.commented",
        dedupe_key=f"advance:{advance.pk}:comment:{comment.pk}",
        reply_about=advance,
    )
