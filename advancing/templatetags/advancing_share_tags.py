"""What the advance's own page shows of its share links: the way to them (for who may share), the
collaborators' answers on the lines, and "external: name, email" in the history."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from advancing.sharing import may_share

register = template.Library()


@register.simple_tag(takes_context=True)
def share_button(context, advance):
    request = context.get("request")
    if request is None or not may_share(request.user, advance):
        return ""
    return format_html(
        '<a class="btn" href="{}" data-testid="share-advance">{}</a>',
        reverse("advancing:share_links", args=[advance.pk]),
        _("Share"),
    )


@register.simple_tag
def external_answer(item):
    answer = (item.metadata or {}).get("external_answer") if isinstance(item.metadata, dict) else None
    if not isinstance(answer, dict) or not answer.get("text"):
        return ""
    return format_html(
        '<br><small class="external-answer" data-testid="external-answer">{}: {}</small>',
        _("external: %(name)s, %(email)s") % {"name": answer.get("name", ""), "email": answer.get("email", "")},
        answer["text"],
    )


@register.filter
def external_actor(entry):
    """ "external: name, email" for an entry a collaborator's change wrote through a share link, else ""."""
    who = (entry.data or {}).get("external") if isinstance(entry.data, dict) else None
    if not isinstance(who, dict):
        return ""
    return _("external: %(name)s, %(email)s") % {"name": who.get("name", ""), "email": who.get("email", "")}
