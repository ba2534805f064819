"""A German org admin walks the demo's key pages and meets no English user-interface word.

The words are checked in the visible text (dragonfly.testing.visible_text): what sits between the
tags and in the attributes a reader meets. They are words of the interface that the demo's data
does not use (the data stays as written: "New York", "Tonight — live run of show"), so an untranslated
button, heading or empty state fails the test, and the same pages read in English show them."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dragonfly.accounts.models import Profile
from dragonfly.testing.visible_text import read_page
from productions.models import Production

pytestmark = pytest.mark.django_db

KEY_PAGES = ["/", "/advancing/queue/", "/productions/", "/events/", "/people/", "/assets/", "/finance/"]
ENGLISH = re.compile(
    r"\b(Save|Cancel|Search|Clear filters|Apply|Reset|Export|Actions|Edit|Delete|Add|Log out|Settings|Profile|"
    r"Notifications|Home|Today|Month|Week|Upcoming|Overdue|Nothing|None|Approve|Reject|Submit|Category|Owner|"
    r"Budget line|Financials|Budget variance|under budget|Previous|Next|Total|Events|People|"
    r"Finance|Productions|Workspace|Organization|Reservations|Invoices|Expenses)\b"
)


def english_words(client, user, language, pages):
    Profile.objects.update_or_create(user=user, defaults={"language": language})
    client.force_login(user)
    found = {}
    for path in pages:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        text, _links = read_page(response.content.decode())
        found[path] = sorted(set(ENGLISH.findall(text)))
    return found


def test_the_german_org_admin_meets_no_english_interface_word_on_the_key_pages(client, seeded_demo):
    admin = get_user_model().objects.get(username="northstar-phantom")
    # and a production's page: its tabs and health card come from other modules (finance, events)
    production = Production.objects.filter(workspace__organization__slug="northstar").order_by("pk").first()
    pages = [*KEY_PAGES, reverse("productions:detail", args=[production.pk])]

    assert english_words(client, admin, "de", pages) == {path: [] for path in pages}
    # The same pages in English do say them: the words are ones these pages show, not made-up ones.
    in_english = english_words(client, admin, "en", pages)
    assert all(in_english[path] for path in pages), in_english
