"""Moderation: anyone reports a post, the organization's admins hear of it, hide, remove and restore it;
each action is in the audit the admins read."""

import pytest
from django.core.exceptions import PermissionDenied

from community import services
from community.errors import CommunityInvalid
from community.models import Report
from dragonfly.core.errors import InvalidTransition
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role

from .helpers import post

pytestmark = pytest.mark.django_db


def test_a_report_reaches_the_admins_who_hide_and_restore_the_post_with_an_audit(tenant_a, tenant_b, client):
    admin, reporter = tenant_a.user(Role.PHANTOM), tenant_b.user(Role.RAIDER)
    public = post(tenant_a, scope="public", body="Buy cheap tickets here")
    client.force_login(reporter)
    assert client.post(f"/community/posts/{public.pk}/report/", {"reason": "Spam"}).status_code == 302
    assert Notification.objects.filter(recipient=admin, kind="community.report").exists()
    with pytest.raises(CommunityInvalid, match="already reported"):
        services.report_post(public, actor=reporter, reason="Spam again")
    client.force_login(admin)
    assert "Spam" in client.get("/community/moderation/").content.decode()
    client.post(f"/community/posts/{public.pk}/hide/", {"note": "Ticket touting"})
    public.refresh_from_db()
    assert public.status == "hidden" and Report.objects.get().resolved
    client.force_login(reporter)
    assert client.get(f"/community/posts/{public.pk}/").status_code == 404
    client.force_login(admin)
    client.post(f"/community/posts/{public.pk}/remove/")
    client.post(f"/community/posts/{public.pk}/restore/", {"note": "Checked: a real offer"})
    audit = client.get("/community/moderation/").content.decode()
    assert "Ticket touting" in audit and "Checked: a real offer" in audit
    # another organization's admin neither moderates it nor reads the audit
    with pytest.raises(PermissionDenied):
        services.hide_post(public, actor=tenant_b.user(Role.PHANTOM))
    client.force_login(tenant_b.user(Role.PHANTOM))
    assert "Ticket touting" not in client.get("/community/moderation/").content.decode()


def test_a_refused_move_says_why_and_changes_nothing(tenant_a):
    target = post(tenant_a, scope="organization")
    with pytest.raises(InvalidTransition):
        services.restore_post(target, actor=tenant_a.user(Role.PHANTOM))
    target.refresh_from_db()
    assert target.status == "visible"


def test_a_taken_down_post_takes_no_comments(tenant_a):
    target = post(tenant_a, scope="organization")
    services.remove_post(target, actor=tenant_a.user(Role.PHANTOM))
    from dragonfly.core.errors import Conflict

    with pytest.raises(Conflict):
        services.add_comment(target, actor=tenant_a.user(Role.PHANTOM), body="hi")
