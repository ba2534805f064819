"""Database pieces that exist only on PostgreSQL, written so the same migrations run on SQLite.

On SQLite the exclusion constraint is simply not created (and not validated); the
reservation service's own overlap check under the transaction lock does that job there.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField
from django.db import models


class DateRange(models.Func):
    """daterange(start, end, '[]'): both days included."""

    function = "DATERANGE"
    output_field = DateRangeField()


def _is_postgres(schema_editor_or_connection):
    connection = getattr(schema_editor_or_connection, "connection", schema_editor_or_connection)
    return connection.vendor == "postgresql"


class PostgresExclusionConstraint(ExclusionConstraint):
    """An ExclusionConstraint that other databases skip (Django runs `add_constraint` only when SQL is returned)."""

    def constraint_sql(self, model, schema_editor):
        return super().constraint_sql(model, schema_editor) if _is_postgres(schema_editor) else None

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if _is_postgres(schema_editor) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if _is_postgres(schema_editor) else None

    def validate(self, model, instance, exclude=None, using="default"):
        from django.db import connections

        if _is_postgres(connections[using]):
            super().validate(model, instance, exclude=exclude, using=using)
