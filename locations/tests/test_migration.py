"""Moving Location from events to locations loses nothing: the rows keep their primary keys, the
foreign keys (Event.location, Production.venue, the parent self-key) keep pointing at them, and
the content type moves with its id, so the permissions, the roles' grants of them, object grants
and activity entries still refer to venues.

Runs the real migrations backwards and forwards on whatever database the suite uses (SQLite by
default, PostgreSQL with DATABASE_URL): no vendor-specific SQL, no skip on either."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)  # the schema changes under the test

BEFORE = [("events", "0004_role_permissions_schedule"), ("productions", "0005_role_permissions_tasks")]
CORE_APPS = ("auth", "contenttypes", "tenancy", "activity", "files")


# The foreign keys that point at venues, as the database itself knows them.
REFERENCES = [
    ("events_event", "location_id"),
    ("productions_production", "venue_id"),
    ("locations_location", "parent_id"),
]


def references(table, column):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    targets = [c["foreign_key"] for c in constraints.values() if c["foreign_key"] and c["columns"] == [column]]
    assert len(targets) == 1, (table, column, targets)
    return targets[0]


def executor():
    return MigrationExecutor(connection)


def migrate(targets):
    runner = executor()
    runner.migrate(targets)
    runner.loader.build_graph()  # read what is applied now
    return runner


def venue_grants(Group, app_label):
    """(role group, codename) for every venue permission a role group holds."""
    return set(
        Group.objects.filter(
            permissions__content_type__app_label=app_label, permissions__content_type__model="location"
        )
        .values_list("name", "permissions__codename")
        .order_by()
    )


def test_locations_keep_their_rows_keys_and_permissions_when_they_move_app():
    # Back to before the move: venues belong to events, in the table events_location.
    runner = migrate([("locations", None)])
    assert "events_location" in connection.introspection.table_names()
    assert references("events_event", "location_id") == ("events_location", "id")
    nodes = BEFORE + [n for n in runner.loader.graph.leaf_nodes() if n[0] in CORE_APPS]
    old = runner.loader.project_state(nodes).apps

    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    User = old.get_model("auth", "User")
    org = old.get_model("tenancy", "Organization").objects.create(name="Keep Org", slug="keep-org")
    workspace = old.get_model("tenancy", "Workspace").objects.create(organization=org, name="Keep Tour", slug="keep")
    OldLocation = old.get_model("events", "Location")
    venue = OldLocation.objects.create(pk=4242, workspace=workspace, name="Harbor Field", timezone="America/New_York")
    stage = OldLocation.objects.create(workspace=workspace, parent=venue, name="Main Stage", kind="stage")
    start = datetime.datetime(2027, 3, 5, 20, tzinfo=datetime.UTC)
    event = old.get_model("events", "Event").objects.create(
        workspace=workspace,
        title="Opening night",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        location=stage,
    )
    production = old.get_model("productions", "Production").objects.create(
        workspace=workspace, name="Harbor Lights", venue=venue
    )
    ctype = ContentType.objects.get(app_label="events", model="location")
    perm_ids = dict(Permission.objects.filter(content_type=ctype).values_list("codename", "id"))
    assert set(perm_ids) == {"view_location", "add_location", "change_location", "delete_location"}
    grants_before = venue_grants(Group, "events")
    assert ("Passenger", "view_location") in grants_before and ("Gladiator", "change_location") in grants_before
    visitor = User.objects.create(username="visitor-keep")
    grant = old.get_model("tenancy", "ObjectGrant").objects.create(
        user=visitor, permission_id=perm_ids["change_location"], content_type=ctype, object_pk=str(venue.pk)
    )
    entry = old.get_model("activity", "ActivityEntry").objects.create(
        workspace=workspace, content_type=ctype, object_id=str(venue.pk), verb="location.created"
    )

    # Forward again, through the move.
    runner = migrate(executor().loader.graph.leaf_nodes())
    tables = connection.introspection.table_names()
    assert "locations_location" in tables and "events_location" not in tables
    for table, column in REFERENCES:
        assert references(table, column) == ("locations_location", "id"), (table, column)

    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from dragonfly.activity.models import ActivityEntry
    from dragonfly.tenancy.models import ObjectGrant
    from events.models import Event
    from locations.models import Location
    from productions.models import Production

    ContentType.objects.clear_cache()
    moved = Location.objects.get(pk=4242)
    assert (moved.name, moved.workspace_id, moved.timezone) == ("Harbor Field", workspace.pk, "America/New_York")
    assert Location.objects.get(pk=stage.pk).parent_id == 4242
    assert [s.pk for s in moved.spaces.all()] == [stage.pk]
    assert Event.objects.get(pk=event.pk).location_id == stage.pk
    assert Production.objects.get(pk=production.pk).venue_id == 4242
    assert [e.pk for e in Location.objects.get(pk=stage.pk).events.all()] == [event.pk]
    assert [p.pk for p in moved.productions.all()] == [production.pk]

    # The content type moved with its id; so did the permissions, the roles' grants and the object grant.
    new_ctype = ContentType.objects.get_for_model(Location)
    assert (new_ctype.pk, new_ctype.app_label) == (ctype.pk, "locations")
    assert not ContentType.objects.filter(app_label="events", model="location").exists()
    assert dict(Permission.objects.filter(content_type=new_ctype).values_list("codename", "id")) == perm_ids
    assert venue_grants(Group, "locations") == grants_before
    assert ObjectGrant.objects.get(pk=grant.pk).content_type_id == new_ctype.pk
    assert ActivityEntry.objects.get(pk=entry.pk).target == moved
    assert list(ActivityEntry.objects.for_object(moved).values_list("pk", flat=True)) == [entry.pk]

    # A new venue takes the next id, after the ones that moved.
    assert Location.objects.create(workspace_id=workspace.pk, name="Depot").pk > stage.pk
