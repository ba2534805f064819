"""Every related field of the API takes only rows of the object's workspace.

Someone who sees two workspaces of one organization (an org admin) must not be able to hang a row of
one workspace on an object of the other through the API, any more than through a page (whose choices
narrow_choices limits). The walk finds the serializers itself: every related field of every module's
API serializer, bound to an object of workspace A, is offered the same kind of row from workspace B."""

import datetime
import importlib
import inspect

import pytest
from rest_framework import serializers
from rest_framework import views as _drf_views  # noqa: F401  (loads DRF settings, and so core.api, before the serializers)
from rest_framework.test import APIRequestFactory

from assets.models import Reservation
from assets.tests.helpers import make_asset
from dragonfly.core.api_fields import ColleagueField, VisibleRelatedField
from dragonfly.core.tests.test_form_choices import fill_both
from dragonfly.tenancy.models import Workspace
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member
from dragonfly.testing.isolation import MODULE_APPS
from people.tests.helpers import make_production

TODAY = datetime.date(2026, 6, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PHANTOM, Role.GLADIATOR])
def test_a_reservation_cannot_name_a_production_of_another_workspace(tenant_a, login, role):
    ws, other = tenant_a.workspace, tenant_a.other_workspace
    asset = make_asset(ws)
    neighbour_show = make_production(other, name="Neighbour show")
    client = login(tenant_a.user(role))
    body = {
        "asset": asset.pk,
        "production": neighbour_show.pk,
        "start_date": TODAY.isoformat(),
        "end_date": TODAY.isoformat(),
    }
    response = client.post("/api/assets/reservations/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["production"]
    assert not Reservation.objects.exists()
    # the same production of the asset's own workspace is taken
    body["production"] = make_production(ws, name="Our show").pk
    assert client.post("/api/assets/reservations/", body, content_type="application/json").status_code == 201


def api_serializers():
    """(name, class) of every ModelSerializer a module's API defines for a workspace-owned model."""
    found = []
    for app in MODULE_APPS:
        module = importlib.import_module(f"{app}.api.serializers")
        for name, cls in vars(module).items():
            if not (inspect.isclass(cls) and issubclass(cls, serializers.ModelSerializer)):
                continue
            model = getattr(getattr(cls, "Meta", None), "model", None)
            if (
                cls.__module__ == module.__name__
                and hasattr(model, "objects")
                and hasattr(model.objects.all(), "in_workspace")
            ):
                found.append((f"{app}.{name}", cls))
    return found


def related_fields(serializer):
    """(name, field) of each writable related field, the child of a list of ids included."""
    for name, field in serializer.fields.items():
        child = getattr(field, "child_relation", field)
        if isinstance(child, VisibleRelatedField | ColleagueField) and not field.read_only:
            yield name, field


def _row_in(model, workspace):
    if model is Workspace:
        return workspace
    return model.objects.all().in_workspace(workspace).first() if hasattr(model.objects.all(), "in_workspace") else None


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PHANTOM, Role.GLADIATOR])  # sees both workspaces / a member of A only
def test_every_api_related_field_refuses_a_row_of_another_workspace(tenant_a, monkeypatch, role):
    ws, other = tenant_a.workspace, tenant_a.other_workspace
    fill_both(tenant_a, monkeypatch)
    stranger = make_member(Role.GLADIATOR, tenant_a.org, other)  # a colleague of B only
    request = APIRequestFactory().post("/api/")
    request.user = tenant_a.user(role)
    problems, checked = [], 0
    for name, cls in api_serializers():
        instance = _row_in(cls.Meta.model, ws)
        if instance is None:
            continue
        serializer = cls(instance=instance, data={}, partial=True, context={"request": request})
        for field_name, field in related_fields(serializer):
            child = getattr(field, "child_relation", field)
            if getattr(child, "model", None) is Workspace:
                continue  # the parent itself: an update never moves it (FixedOnUpdate, or the update drops it)
            foreign = stranger if isinstance(child, ColleagueField) else _row_in(child.model, other)
            if foreign is None:
                continue
            value = [foreign.pk] if field is not child else foreign.pk
            checked += 1
            try:
                field.run_validation(value)
            except serializers.ValidationError:
                continue
            problems.append(f"{name}.{field_name} took {foreign!r} of {other}")
    print(f"{checked} related fields checked")
    assert checked >= 20, "the walk should reach the modules' related fields"
    assert not problems, "\n".join(problems)
