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


def plan_upload(name="site-plan.png"):
    """A tiny PNG, enough for the upload checks (type read from the content)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")


def make_site_map(venue, actor, name="Festival site"):
    from locations import services

    return services.add_site_map(venue, actor=actor, name=name, upload=plan_upload())


def make_zone(site_map, name="Main Stage", kind="area", points=((0.1, 0.1), (0.4, 0.1), (0.4, 0.3))):
    from locations.models import Zone

    return Zone.objects.create(site_map=site_map, name=name, kind=kind, points=[list(p) for p in points])


def make_utility(venue, kind="power", **fields):
    from locations.models import Utility

    fields.setdefault("capacity", "400 A 3-phase")
    return Utility.objects.create(location=venue, kind=kind, **fields)
