"""Every list filter on a workspace page offers only that workspace's rows, each labelled with what
tells it apart (an event's date, a venue's city), like the page forms' pickers (test_form_choices).

The walk finds the FilterSets itself (every one a module's filters.py defines), builds each for a
request on workspace A by someone who sees both of the organization's workspaces, and reads its choices."""

import importlib
import importlib.util
import inspect

import django_filters
import pytest
from django import forms
from django.test import RequestFactory

from dragonfly.core.pages import filtered
from dragonfly.core.tests.test_form_choices import fill_both, wrong_choices
from dragonfly.tenancy.access import display_name
from dragonfly.tenancy.models import Workspace
from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import MODULE_APPS
from locations.models import Location
from people.tests.helpers import make_production


def page_filtersets():
    found = []
    for app in MODULE_APPS:
        if importlib.util.find_spec(f"{app}.filters") is None:
            continue  # a module whose pages have no filters (integrations: one page per organization)
        module = importlib.import_module(f"{app}.filters")
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, django_filters.FilterSet) and cls.__module__ == module.__name__:
                found.append((f"{app}.{name}", cls))
    return found


def _label_problems(field_name, field):
    """Choices not read the one way: a person by display name, a row by its choice_label()."""
    model = field.queryset.model
    expected = (
        display_name if field_name in {"production_manager", "assignee", "owner", "spent_by", "submitter"} else None
    )
    expected = expected or getattr(model, "choice_label", None)
    if expected is None:
        return []
    return [
        f"{field_name}: {obj} reads {field.label_from_instance(obj)!r}"
        for obj in field.queryset
        if field.label_from_instance(obj) != expected(obj)
    ]


@pytest.mark.django_db
def test_every_filter_offers_only_the_workspaces_rows_labelled_apart(tenant_a, monkeypatch):
    ws = tenant_a.workspace
    fill_both(tenant_a, monkeypatch)
    Location.objects.filter(workspace=ws).update(city="Lyon")
    admin = tenant_a.user(Role.PHANTOM)  # sees both workspaces
    request = RequestFactory().get("/")
    request.user, request.filter_workspace = admin, ws
    found = page_filtersets()
    assert len(found) >= 15, "the walk should find the modules' filtersets"
    problems, offered = {}, 0
    for name, cls in found:
        if cls._meta.model is None:
            continue  # a filter without a model of its own (a report's form) lists no rows
        filterset, _, _ = filtered(request, cls._meta.model.objects.none(), cls)  # as a list page builds it
        form = filterset.form
        for field_name, field in list(form.fields.items()):
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Workspace:
                form.fields.pop(field_name)  # the workspace filter: a workspace page hides it
        offered += sum(f.queryset.count() for f in form.fields.values() if isinstance(f, forms.ModelChoiceField))
        wrong = wrong_choices(form, admin, ws)
        for field_name, field in form.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                wrong += _label_problems(field_name, field)
        if wrong:
            problems[name] = wrong
    assert offered > 0
    assert not problems, "\n".join(f"{name}: {wrong}" for name, wrong in problems.items())


@pytest.mark.django_db
def test_the_calendars_production_filter_lists_only_the_workspaces_shows(tenant_a, login):
    ws, other = tenant_a.workspace, tenant_a.other_workspace
    ours, theirs = make_production(ws, name="Our show"), make_production(other, name="Their show")
    client = login(tenant_a.user(Role.PHANTOM))
    response = client.get(f"/events/w/{tenant_a.org.slug}/{ws.slug}/")
    assert response.status_code == 200
    offered = list(response.context["filter_form"].fields["production"].queryset)
    assert offered == [ours] and theirs not in offered
    venue = Location.objects.create(workspace=ws, name="Arena", city="Lyon", timezone="Europe/Paris")
    location = response.context["filter_form"].fields["location"]
    assert location.label_from_instance(venue) == "Arena, Lyon"  # two venues may share a name, not a city
