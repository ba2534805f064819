"""Migration operations of our own."""

from typing import Any

from django.db.migrations.operations.base import Operation


class ForgetRenderedModels(Operation):
    """Drops the migration state's rendered models, so that the name-only alterations after it (each
    inside SeparateDatabaseAndState, no SQL) don't re-render every related model one by one — 157
    re-renders made a fresh `migrate` on SQLite ~20 s slower. The next database operation renders
    the state again once, as Django does after its own delayed reloads (ProjectState.clear_delayed_apps_cache)."""

    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label: str, state: Any) -> None:
        state.__dict__.pop("apps", None)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        pass

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        pass

    def describe(self) -> str:
        return "Forget the rendered model states (names and help texts follow)"
