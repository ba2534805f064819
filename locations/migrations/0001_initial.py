"""Location moves from events to locations, keeping its table, its rows and their primary keys.

The model changes app in the migration *state* only (SeparateDatabaseAndState): nothing in the
database is created or copied, so events_location keeps every row and id, and the foreign keys
pointing at it (events_event.location_id, productions_production.venue_id, the parent self-key)
keep pointing at the same rows. events 0005 and productions 0006 move their fields over in the
state; 0002 renames the table.

The content type `events.location` becomes `locations.location`: the same row with the same id,
so every permission on venues (`events.view_location` → `locations.view_location`), the roles'
and users' grants of them, guardian object grants, activity entries and attachments (floor
plans) that refer to it keep referring to venues. Each role keeps exactly the venue powers it had.
"""

import django.db.models.deletion
from django.db import migrations, models

import locations.models


def move_content_type(old_app, new_app):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        db = schema_editor.connection.alias
        source = ContentType.objects.using(db).filter(app_label=old_app, model="location").first()
        if source is None:
            return  # nothing refers to venues yet; post_migrate creates the content type and its permissions
        stale = ContentType.objects.using(db).filter(app_label=new_app, model="location").first()
        if stale is not None:
            # Made by a post_migrate that ran before this migration (another app's `migrate`): only
            # the default permissions hang on it. The real ones, with their grants, come with `source`.
            Permission.objects.using(db).filter(content_type=stale).delete()
            stale.delete()
        source.app_label = new_app
        source.save(update_fields=["app_label"])
        _forget_cached_content_types()

    return move


def _forget_cached_content_types():
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("events", "0004_role_permissions_schedule"),
        ("tenancy", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Location",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=200)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("arena", "Arena"),
                                    ("stadium", "Stadium"),
                                    ("theatre", "Theatre"),
                                    ("club", "Club"),
                                    ("field", "Field / open air"),
                                    ("convention", "Convention centre"),
                                    ("hotel", "Hotel"),
                                    ("warehouse", "Warehouse"),
                                    ("office", "Office"),
                                    ("studio", "Studio"),
                                    ("stage", "Stage / room in a venue"),
                                    ("other", "Other"),
                                ],
                                default="arena",
                                max_length=20,
                            ),
                        ),
                        ("address", models.TextField(blank=True)),
                        ("city", models.CharField(blank=True, max_length=120)),
                        ("country", models.CharField(blank=True, max_length=80)),
                        (
                            "timezone",
                            models.CharField(
                                default="UTC", max_length=64, validators=[locations.models.validate_timezone]
                            ),
                        ),
                        ("capacity", models.PositiveIntegerField(blank=True, null=True)),
                        ("latitude", models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True)),
                        ("longitude", models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True)),
                        ("contacts", models.TextField(blank=True, help_text="One per line: name, role, phone, email.")),
                        ("notes", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                help_text="The venue this space is part of, for a stage or a room.",
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="spaces",
                                to="locations.location",
                            ),
                        ),
                        (
                            "workspace",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="locations",
                                to="tenancy.workspace",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["name", "id"],
                        "db_table": "events_location",  # the table it has always had; 0002 renames it
                        "indexes": [models.Index(fields=["workspace", "name"], name="location_ws_name")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type("events", "locations"), move_content_type("locations", "events")),
    ]
