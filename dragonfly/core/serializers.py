"""Serializer defaults shared by every module's API."""

from django.db import models
from rest_framework import serializers
from rest_framework.fields import SkipField

from .filters import validate_calendar_date

# Free text (descriptions, notes): generous for a person, bounded for a script.
TEXT_MAX_LENGTH = 10_000


class TextField(serializers.CharField):
    """A CharField with a default `max_length` of TEXT_MAX_LENGTH (it shows as maxLength in the schema)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
        super().__init__(**kwargs)


class CalendarDateField(serializers.DateField):
    """A date between EARLIEST_DATE and LATEST_DATE (see dragonfly.core.filters); others are a field error."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(validate_calendar_date)


MAX_ID = 2**63 - 1  # a bigint primary key


class IdField(serializers.IntegerField):
    """A row id in a list of ids: positive and inside a bigint, so a huge number is a field error, not a 500."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class VersionField(serializers.IntegerField):
    """A `Versioned` row's version: read on every answer; on an update, the version the edit was made on
    (a stale one is a 409, nothing changed; TenantViewSet checks it). It is never saved as data."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault(
            "help_text",
            "The row's version, one more on every save. Send the one you read to refuse the update (409) "
            "when someone changed the row since; leave it out to update whatever version is current.",
        )
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        super().run_validation(data)  # a bad value is a 400 for the field
        raise SkipField()


def install_defaults() -> None:
    """Every ModelSerializer maps a model TextField to TextField (bounded), not to an unbounded CharField.

    One place, set when the core app loads, so no module's serializer can forget it."""
    serializers.ModelSerializer.serializer_field_mapping[models.TextField] = TextField
