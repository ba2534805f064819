import pytest
from django.db import transaction

from dragonfly.activity.models import ActivityEntry
from dragonfly.activity.services import record_activity
from dragonfly.tenancy.roles import Role
from productions.models import Production

pytestmark = pytest.mark.django_db(transaction=True)


def test_activity_is_written_with_the_change_or_not_at_all(tenant_a):
    actor = tenant_a.user(Role.GLADIATOR)
    production = Production.objects.create(workspace=tenant_a.workspace, name="Show")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record_activity(production, actor=actor, verb="production.renamed")
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        record_activity(production, actor=actor, verb="production.renamed")
        raise ZeroDivisionError  # the change fails after the entry was written: both roll back
    assert not ActivityEntry.objects.exists()
    with transaction.atomic():
        entry = record_activity(production, actor=actor, verb="production.renamed", note="typo")
    assert entry.workspace == tenant_a.workspace
    assert list(ActivityEntry.objects.for_object(production)) == [entry]
    assert entry in ActivityEntry.objects.visible_to(tenant_a.user(Role.GLADIATOR))
