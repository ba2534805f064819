"""Builders for stories with venues (the tenants come from conftest.py); productions' and events'
helpers hand `make_location` on."""

from locations.models import Location


def make_location(tenant, name="Madison Square Garden", tz="America/New_York", workspace=None, **fields):
    return Location.objects.create(workspace=workspace or tenant.workspace, name=name, timezone=tz, **fields)


def make_space(venue, name="Main Stage", **fields):
    """A stage, hall or room inside `venue`, in its timezone."""
    fields.setdefault("kind", "stage")
    return Location.objects.create(
        workspace=venue.workspace, parent=venue, name=name, timezone=venue.timezone, **fields
    )
