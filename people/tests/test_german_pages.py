"""A German-speaking production office reads the empty lists of Events, venues and people in German,
from the project's catalog (compiled for the test session)."""

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def test_a_german_manager_reads_the_empty_lists_in_german(tenant_a, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    args = [tenant_a.org.slug, tenant_a.workspace.slug]
    de = {"accept-language": "de"}  # the browser asks for German (no language chosen in the profile)
    venues = client.get(reverse("locations:list", args=args), headers=de).content.decode()
    crew = client.get(reverse("people:workspace_home", args=args), headers=de).content.decode()
    calendar = client.get(reverse("events:workspace_home", args=args), {"view": "agenda"}, headers=de).content.decode()
    assert "Noch keine Spielstätten" in venues and "Neue Spielstätte" in venues
    assert "Noch keine Crew in diesem Arbeitsbereich" in crew and "Person hinzufügen" in crew
    assert "Nichts geplant vom" in calendar and "Neuer Termin" in calendar
    # and back in English for everyone else
    assert "No venues yet" in client.get(reverse("locations:list", args=args)).content.decode()
