"""Each person reads Dragonfly in their language: the profile's choice, else the browser's, else English.

German comes from the catalog built of locale/de (conftest compiles it for the session)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from dragonfly.accounts.models import Profile
from dragonfly.notifications.kinds import KINDS
from dragonfly.notifications.services import notify
from dragonfly.notifications.tasks import send_email_digests
from dragonfly.tenancy.access import get_access, user_language
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def speaks(user, language):
    Profile.objects.update_or_create(user=user, defaults={"language": language})
    return user


def test_a_german_member_reads_the_home_page_and_the_navigation_in_german(tenant_a, login):
    gladiator = speaks(tenant_a.user(Role.GLADIATOR), "de")
    response = login(gladiator).get("/")
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert ">Start</a>" in html and "Produktionen" in html and "Veranstaltungen" in html and "Inventar" in html
    assert "Abmelden" in html and "Log out" not in html
    assert "Zeiten in " in html  # the footer naming the reader's zone
    assert response["Content-Language"] == "de"
    assert "Accept-Language" in response["Vary"]


def test_an_english_member_stays_english_even_when_their_browser_asks_for_german(tenant_a, login):
    phantom = speaks(tenant_a.user(Role.PHANTOM), "en")
    html = login(phantom).get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="en">' in html and "Productions" in html and "Log out" in html
    assert "Produktionen" not in html


def test_a_member_who_left_it_to_the_browser_reads_the_browsers_language(tenant_a, login):
    gladiator = tenant_a.user(Role.GLADIATOR)
    client = login(gladiator)
    assert "Produktionen" in client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").content.decode()
    assert "Productions" in client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()  # no French: English


def test_the_language_rides_on_the_access_rows_a_page_loads_anyway(tenant_a, django_assert_num_queries):
    gladiator = speaks(tenant_a.user(Role.GLADIATOR), "de")
    get_access(gladiator)
    with django_assert_num_queries(0):
        assert user_language(gladiator) == "de"


def test_the_sign_in_page_follows_the_browser_and_offers_a_language_switch(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<h1>Anmelden</h1>" in html and "Passwort vergessen?" in html
    assert 'name="language" value="en" lang="en">English<' in html and 'value="de" lang="de">Deutsch<' in html

    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<h1>Log in</h1>" in html  # the switch (a cookie) wins over the browser


def test_the_profile_language_picker_saves_and_the_next_page_speaks_it(tenant_a, login):
    deviator = tenant_a.user(Role.DEVIATOR)
    client = login(deviator)
    profile_page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="language"' in profile_page and ">Deutsch</option>" in profile_page
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Kai", "last_name": "Berg", "email": "kai@example.com", "language": "de", "timezone": ""},
        follow=True,
    )
    html = response.content.decode()
    assert Profile.objects.get(user=deviator).language == "de"
    assert "Ihr Profil ist gespeichert." in html and "<h1>Ihr Profil</h1>" in html
    assert "Sprache" in html  # the picker's own label, in German now
    assert "Produktionen" in client.get("/").content.decode()

    client.post(reverse("accounts:profile"), {"email": "kai@example.com", "language": "", "timezone": ""})
    assert "Productions" in client.get("/").content.decode()  # blank: back to the browser's (none: English)


def test_a_notification_reaches_each_recipient_in_their_own_language(tenant_a, django_capture_on_commit_callbacks):
    german = speaks(tenant_a.user(Role.DEVIATOR), "de")
    english = speaks(tenant_a.user(Role.NAVIGATOR), "en")
    german.email, english.email = "de@example.com", "en@example.com"
    german.save(), english.save()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):  # the actor reads English
        notify([german, english], kind="task.assigned", title=KINDS["task.assigned"].label, dedupe_key="t:1")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {"de@example.com": "Mir zugewiesene Aufgaben", "en@example.com": "Tasks assigned to me"}
    assert translation.get_language() == "en"  # nothing leaked into the caller's language


def test_a_module_delivering_directly_gets_the_recipients_language_too(tenant_a):
    """Modules that make their own notifications (`deliver`, e.g. a daily reminder) pass lazy text or a
    callable; it is written in each recipient's language."""
    from django.utils.translation import gettext, gettext_lazy

    from dragonfly.notifications.services import deliver

    german = speaks(tenant_a.user(Role.DEVIATOR), "de")
    with translation.override("en"):
        lazy, _ = deliver(recipient=german, kind="general", title=gettext_lazy("Hello"), dedupe_key="d:1")
        called, _ = deliver(
            recipient=german,
            kind="general",
            title=lambda: gettext("Hello, %(name)s") % {"name": "Kai"},
            body=gettext_lazy("No notifications."),
            dedupe_key="d:2",
        )
    assert lazy.title == "Hallo"
    assert (called.title, called.body) == ("Hallo, Kai", "Keine Benachrichtigungen.")


def test_the_daily_digest_is_written_in_the_recipients_language(tenant_a, django_capture_on_commit_callbacks):
    german = speaks(tenant_a.user(Role.DEVIATOR), "de")
    german.email = "de@example.com"
    german.save()
    Profile.objects.filter(user=german).update(email_digest_kinds=["task.assigned"])
    with django_capture_on_commit_callbacks(execute=True):
        for n in (1, 2):
            notify([german], kind="task.assigned", title=f"Truss {n}", dedupe_key=f"t:{n}")
    assert send_email_digests() == 1
    assert mail.outbox[-1].subject == "Dragonfly: 2 Neuigkeiten für Sie"


def test_a_refused_status_move_is_worded_in_german_for_a_german_reader(tenant_a, login):
    from advancing.models import AdvanceStatus as S
    from advancing.tests.helpers import make_advance

    advance = make_advance(tenant_a, S.APPROVED)
    gladiator = speaks(tenant_a.user(Role.GLADIATOR), "de")
    response = login(gladiator).post(
        reverse("advancing:action", args=[advance.pk, "reject"]), {"note": "x"}, follow=True
    )
    html = response.content.decode()
    # The sentence is German; the advance's own words come from the advancing part of the catalog.
    assert "Dieser Eintrag (" in html and "er kann nicht" in html
    assert "it can&#x27;t be" not in html


def test_an_english_reader_keeps_the_english_refusal(tenant_a, login):
    from advancing.models import AdvanceStatus as S
    from advancing.tests.helpers import make_advance

    advance = make_advance(tenant_a, S.APPROVED)
    response = login(tenant_a.user(Role.GLADIATOR)).post(
        reverse("advancing:action", args=[advance.pk, "reject"]), {"note": "x"}, follow=True
    )
    assert "This advance is already approved; it can&#x27;t be rejected." in response.content.decode()


def test_api_error_texts_follow_accept_language_and_their_codes_stay(client, tenant_a):
    german = client.get("/api/advances/", HTTP_ACCEPT_LANGUAGE="de").json()
    english = client.get("/api/advances/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert german["code"] == english["code"] == "not_authenticated"
    assert english["detail"] == "Authentication credentials were not provided."
    assert german["detail"] == "Anmeldedaten fehlen."  # DRF's own German

    client.force_login(speaks(tenant_a.user(Role.GLADIATOR), "de"))  # the API ignores the profile: the header rules
    missing = client.get("/api/no-such-route/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert missing.json()["detail"] == "No API route or object matches this URL."
    assert client.get("/api/no-such-route/", HTTP_ACCEPT_LANGUAGE="de").json()["detail"] == (
        "Keine API-Route und kein Objekt passt zu dieser URL."
    )


def test_the_sign_up_mail_is_in_the_language_the_person_signed_up_in(
    client, settings, django_capture_on_commit_callbacks
):
    settings.OPEN_SIGNUP = True
    form = {
        "first_name": "Lena",
        "last_name": "Vogt",
        "email": "lena@example.com",
        "password1": "Bühne-Licht-2026",
        "password2": "Bühne-Licht-2026",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), form, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code in (200, 302)
    [message] = mail.outbox
    assert message.subject == "Bestätigen Sie Ihre E-Mail-Adresse für Dragonfly"
    assert message.body.startswith("Willkommen bei Dragonfly, Lena.")


def test_an_invitation_to_a_german_member_is_german_whoever_sends_it(
    tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    from dragonfly.tenancy.invitations import invite

    german = speaks(tenant_b.user(Role.RAIDER), "de")  # works for Bravo, reads German
    german.email = "crew@example.com"
    german.save()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        invite(
            tenant_a.org,
            actor=tenant_a.user(Role.PHANTOM),
            email="crew@example.com",
            role=Role.DEVIATOR,
            workspace=tenant_a.workspace,
            base_url="http://testserver",
        )
    [message] = mail.outbox
    assert message.subject == f"Treten Sie {tenant_a.org.name} auf Dragonfly bei"
    assert "lädt Sie ein" in message.body


def test_the_refusal_sentence_follows_german_word_order_with_the_modules_words():
    """The engine's sentence is whole; a module's lazy noun and phrases fill it in the reader's language."""
    from django.utils.translation import gettext_lazy

    from dragonfly.core.tests.test_workflow import TABLE, Row
    from dragonfly.core.workflow import Workflow

    # Words the catalog knows already stand in for a module's own ("Team" as the noun, "Pending" as a state).
    wf = Workflow(
        "team", TABLE, states={"draft": gettext_lazy("Pending")}, moves={"approved": gettext_lazy("Accepted")}
    )
    with translation.override("de"):
        assert (
            wf.refusal(Row("draft"), "approved")
            == "Dieser Eintrag (team) ist Ausstehend; er kann nicht Angenommen werden."
        )
        assert wf.refusal(Row("submitted"), "cancelled") == (
            "Dieser Eintrag (team) ist im Status „submitted“; er kann nicht auf „cancelled“ gesetzt werden."
        )
        assert wf.refusal(Row("submitted"), "submitted") == "Dieser Eintrag (team) ist bereits im Status „submitted“."
    with translation.override("en"):
        assert wf.refusal(Row("submitted"), "cancelled") == "This team is submitted; it can't be moved to cancelled."


def test_a_german_page_costs_no_more_queries_than_an_english_one(tenant_a, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gladiator = tenant_a.user(Role.GLADIATOR)
    client.force_login(gladiator)
    counts = {}
    for language in ("en", "de", "en"):  # the first page warms what every page then shares
        speaks(gladiator, language)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        counts[language] = len(queries)
    assert counts["de"] == counts["en"], counts
