import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from advancing.models import CatalogItem


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_roles_and_catalog_back():
    call_command("flush", interactive=False, verbosity=0)
    # flush emits post_migrate: role defaults and the catalog come back, nothing else does
    gladiator = Group.objects.get(name="Gladiator")
    assert gladiator.permissions.filter(codename="approve_advance").exists()
    assert not Group.objects.get(name="Phantom").permissions.filter(content_type__app_label="sessions").exists()
    assert CatalogItem.objects.count() == 329


@pytest.mark.django_db
def test_admin_edits_to_a_role_survive_a_migrate():
    gladiator = Group.objects.get(name="Gladiator")
    gladiator.permissions.remove(*gladiator.permissions.filter(codename="approve_advance"))
    call_command("migrate", verbosity=0)
    assert not gladiator.permissions.filter(codename="approve_advance").exists()
