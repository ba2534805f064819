"""Privacy inside an organization, on the review queue: only reviewers have a queue (and its CSV),
and its submitter filter names only people of the workspaces the reviewer is in."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from advancing.filters import AdvanceFilter
from advancing.tests.helpers import raider_advance, text
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member, make_user

pytestmark = pytest.mark.django_db

QUEUE_URLS = [reverse("advancing:review_queue"), reverse("advancing:queue_export")]


@pytest.mark.parametrize("role", [Role.RAIDER, Role.PASSENGER, Role.AMBASSADOR], ids=lambda r: r.label)
def test_a_crew_member_or_an_observer_has_no_queue_and_no_export(tenant_a, login, role):
    raider_advance(tenant_a, tenant_a.user(Role.RAIDER))
    client = login(tenant_a.user(role))
    for url in QUEUE_URLS:
        response = client.get(url)
        assert response.status_code == 403, (url, response.status_code)
        assert tenant_a.user(Role.GLADIATOR).username not in response.content.decode()


@pytest.mark.parametrize("role", [Role.GLADIATOR, Role.NAVIGATOR], ids=lambda r: r.label)
def test_a_reviewer_opens_the_queue_and_its_export(tenant_a, login, role):
    advance = raider_advance(tenant_a, tenant_a.user(Role.RAIDER))
    client = login(tenant_a.user(role))
    queue, export = (client.get(url) for url in QUEUE_URLS)
    assert queue.status_code == 200 and f"#{advance.pk}" in text(queue)
    assert export.status_code == 200
    assert str(advance.pk) in b"".join(export.streaming_content).decode()


def test_the_submitter_filter_names_only_people_of_the_reviewers_workspaces(tenant_a, login):
    festival_only = make_member(Role.RAIDER, tenant_a.org, tenant_a.other_workspace, user=make_user("festival-fay"))
    gladiator = tenant_a.user(Role.GLADIATOR)
    request = RequestFactory().get("/advancing/queue/")
    request.user = gladiator
    choices = set(AdvanceFilter(request=request).form.fields["submitter"].queryset)
    assert festival_only not in choices
    assert {tenant_a.user(Role.RAIDER), tenant_a.user(Role.PHANTOM), gladiator} <= choices  # their workspace
    assert "festival-fay" not in text(login(gladiator).get(reverse("advancing:review_queue")))
    # The org-wide admin shares every workspace, so they may pick Fay.
    request.user = tenant_a.user(Role.PHANTOM)
    assert festival_only in set(AdvanceFilter(request=request).form.fields["submitter"].queryset)
