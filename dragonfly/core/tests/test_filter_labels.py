"""Every list filter reads as a person would say it, and names people by their display name."""

import importlib
import inspect
import re

import django_filters
import pytest
from django.test import RequestFactory

from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import MODULE_APPS

# What django-filter writes when a filter has no label of its own ("Due on is less than or equal to", "Asset id").
GENERATED = re.compile(r"is (less|greater) than|is in$|contains$|^\w+ id$|\bId\b", re.I)


def filtersets():
    for app in MODULE_APPS:
        try:
            module = importlib.import_module(f"{app}.filters")
        except ModuleNotFoundError:
            continue
        for name, cls in vars(module).items():
            if (
                inspect.isclass(cls)
                and issubclass(cls, django_filters.FilterSet)
                and cls.__module__ == module.__name__
                and cls._meta.model is not None  # a base others build on
            ):
                yield f"{app}.{name}", cls


@pytest.mark.django_db
def test_no_filter_label_is_generated(tenant_a):
    request = RequestFactory().get("/")
    request.user = tenant_a.user(Role.GLADIATOR)
    generated = [
        f"{name}.{field_name}: {field.label!r}"
        for name, cls in filtersets()
        for field_name, field in cls(
            data={}, request=request, queryset=cls._meta.model.objects.none()
        ).form.fields.items()
        if GENERATED.search(str(field.label))
    ]
    assert not generated, "\n".join(generated)


@pytest.mark.django_db
def test_people_in_filters_read_as_their_display_name(tenant_a):
    user = tenant_a.user(Role.GLADIATOR)
    user.first_name, user.last_name = "Dana", "Reyes"
    user.save()
    request = RequestFactory().get("/")
    request.user = user
    for name, cls in filtersets():
        form = cls(data={}, request=request, queryset=cls._meta.model.objects.none()).form
        for field_name, field in form.fields.items():
            if getattr(field, "queryset", None) is not None and field.queryset.model is type(user):
                assert "Dana Reyes" in dict(field.choices).values(), f"{name}.{field_name}"
