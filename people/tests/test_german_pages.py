"""A German-speaking production office reads the empty lists of Events, venues and people in German,
from this part's own translations (locale/de/parts/evpeople.po compiled for the test; the project-wide
catalog and the per-user language choice are built elsewhere)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
PART = Path(settings.BASE_DIR) / "locale" / "de" / "parts" / "evpeople.po"


@pytest.fixture
def german(tmp_path, settings):
    """The part file as the only German catalog, for the length of a test."""
    if not shutil.which("msgfmt"):
        pytest.skip("GNU gettext is not installed")
    target = tmp_path / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    subprocess.run(["msgfmt", "-o", str(target / "django.mo"), str(PART)], check=True)  # noqa: S603,S607
    settings.LOCALE_PATHS = [str(tmp_path)]
    trans_real._translations = {}  # catalogs are cached per process: read the new one
    trans_real._default = None
    yield
    trans_real._translations = {}
    trans_real._default = None


def test_a_german_manager_reads_the_empty_lists_in_german(tenant_a, login, german):
    client = login(tenant_a.user(Role.GLADIATOR))
    args = [tenant_a.org.slug, tenant_a.workspace.slug]
    with translation.override("de"):
        venues = client.get(reverse("locations:list", args=args)).content.decode()
        crew = client.get(reverse("people:workspace_home", args=args)).content.decode()
        calendar = client.get(reverse("events:workspace_home", args=args), {"view": "agenda"}).content.decode()
    assert "Noch keine Spielstätten" in venues and "Neue Spielstätte" in venues
    assert "Noch keine Crew in diesem Arbeitsbereich" in crew and "Person hinzufügen" in crew
    assert "Nichts geplant vom" in calendar and "Neuer Termin" in calendar
    # and back in English for everyone else
    assert "No venues yet" in client.get(reverse("locations:list", args=args)).content.decode()
