"""Every page form's choice fields offer only what the user may see in the page's workspace.

The walk finds the forms itself (every Form class defined in a module's forms.py that takes the page's
user and workspace), so a new form is covered without touching this test. The organization has two
workspaces, both filled with each module's objects: someone who sees both, on one workspace's page,
must be offered only that workspace's rows; a workspace member only what they may see."""

import importlib
import inspect
import types
import uuid

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from advancing.models import Advance, AdvanceItem
from assets.models import Asset, Kit
from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import MODULE_APPS

# Arguments some forms take besides the user and the workspace, built from the page's objects.
EXTRA = {
    "event": lambda objects: objects["events.event"],
    "items": lambda objects: [objects["item"]] if "item" in objects else [],
    "item": lambda objects: objects["item"],
    "people": lambda objects: [objects["people.person"]],
}


def page_forms():
    """(name, class) of every form a module's pages build with user= and workspace=, or with an event."""
    found = []
    for app in MODULE_APPS:
        module = importlib.import_module(f"{app}.forms")
        for name, cls in vars(module).items():
            if not (inspect.isclass(cls) and issubclass(cls, forms.BaseForm)) or cls.__module__ != module.__name__:
                continue
            params = inspect.signature(cls.__init__).parameters
            if {"user", "workspace"} <= set(params) or "event" in params:
                found.append((f"{app}.{name}", cls))
    return found


def _fill(tenant, workspace, *, by_admin=False):
    """Each module's objects, in `workspace` (the modules' isolation builders, pointed at it); in a
    workspace the tenant's members do not belong to, the org admin plays every part."""
    user = (lambda role: tenant.user(Role.PHANTOM)) if by_admin else tenant.user
    shim = types.SimpleNamespace(org=tenant.org, workspace=workspace, user=user, users=tenant.users)
    objects = {}
    for app in MODULE_APPS:
        if app == "advancing":
            continue  # below
        module = importlib.import_module(f"{app}.tests.isolation")
        try:
            with transaction.atomic():
                objects.update({f"{app}.{k}": v for k, v in module.make_secret_objects(shim).items()})
        except IntegrityError:
            assert by_admin, f"{app}'s objects could not be built in the page's workspace"
            # An organization-wide unique value met again. An asset tag: build the module's main rows by
            # hand. An integration (one connection per kind, one SSO per organization) has no workspace.
            if app == "assets":
                asset = Asset.objects.create(organization=tenant.org, workspace=workspace, tag="NEXT-1", name="Desk")
                Kit.objects.create(workspace=workspace, name="Neighbour kit").assets.set([asset])
    advance = Advance.objects.create(
        organization=tenant.org, workspace=workspace, submitter=user(Role.RAIDER), activation_name="Show"
    )
    objects["item"] = AdvanceItem.objects.create(advance=advance, name="PA", quantity=1, unit="Per Unit")
    return objects


def fill_both(tenant, monkeypatch):
    """Each module's objects in the tenant's workspace (returned) and in its neighbour, other_workspace."""
    # the builders make one calendar feed with a fixed token; twice is a clash of tokens, not of workspaces
    monkeypatch.setattr("events.tests.isolation.hash_token", lambda token: uuid.uuid4().hex)
    objects = _fill(tenant, tenant.workspace)
    _fill(tenant, tenant.other_workspace, by_admin=True)  # the neighbour: none of it may be offered on ws's pages
    return objects


def _workspace_of(obj):
    path = getattr(type(obj), "workspace_path", "workspace")
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def _build(cls, user, workspace, objects):
    params = inspect.signature(cls.__init__).parameters
    kwargs = {"user": user, "workspace": workspace} if "user" in params else {}
    if "workspace" in params:
        kwargs["workspace"] = workspace
    for name, param in params.items():
        if param.kind is param.KEYWORD_ONLY and param.default is param.empty and name not in kwargs:
            kwargs[name] = EXTRA[name](objects)
    return cls(**kwargs)


def wrong_choices(form, user, workspace):
    """Choices that belong to another workspace, or that `user` may not see."""
    wrong = []
    members = set(Membership.objects.filter(organization=workspace.organization).values_list("user_id", flat=True))
    for field_name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        model = field.queryset.model
        for obj in field.queryset:
            if model is get_user_model():
                if obj.pk not in members:
                    wrong.append(f"{field_name}: {obj} is not a member of the organization")
                continue
            manager = model._default_manager
            if not hasattr(manager, "visible_to"):
                continue  # global rows (the catalog)
            if not manager.visible_to(user).filter(pk=obj.pk).exists():
                wrong.append(f"{field_name}: {obj} is not visible to {user}")
            elif hasattr(manager.all(), "in_workspace") and _workspace_of(obj) != workspace:
                wrong.append(f"{field_name}: {obj} belongs to {_workspace_of(obj)}")
    return wrong


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PHANTOM, Role.GLADIATOR, Role.RAIDER])
def test_every_page_form_offers_only_the_workspaces_rows_the_user_may_see(tenant_a, role, monkeypatch):
    ws = tenant_a.workspace
    objects = fill_both(tenant_a, monkeypatch)
    user = tenant_a.user(role)
    found = page_forms()
    assert len(found) >= 15, "the walk should find the modules' page forms"
    problems = {}
    offered = 0
    for name, cls in found:
        form = _build(cls, user, ws, objects)
        offered += sum(f.queryset.count() for f in form.fields.values() if isinstance(f, forms.ModelChoiceField))
        wrong = wrong_choices(form, user, ws)
        if wrong:
            problems[name] = wrong
    assert offered > 0, "the workspace's own rows are offered somewhere"
    assert not problems, "\n".join(f"{name}: {wrong}" for name, wrong in problems.items())
