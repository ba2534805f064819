"""The 11 roles: names, levels and default powers, defined here and nowhere else.

Each role is a Django Group named after it. Its default permissions are written once by
data migrations (`seed_role_permissions`); after that an admin edits them in the admin.
"""

from fnmatch import fnmatch

from django.db import models


class Role(models.IntegerChoices):
    # Level 1 is the strongest.
    LEGEND = 1, "Legend"
    PHANTOM = 2, "Phantom"
    AVIATOR = 3, "Aviator"
    GLADIATOR = 4, "Gladiator"
    NAVIGATOR = 5, "Navigator"
    DEVIATOR = 6, "Deviator"
    RAIDER = 7, "Raider"
    MERCHANT = 8, "Merchant"
    VISITOR = 9, "Visitor"
    PASSENGER = 10, "Passenger"
    AMBASSADOR = 11, "Ambassador"

    @property
    def group_name(self):
        return self.label

    @classmethod
    def strongest(cls, roles):
        roles = [r for r in roles if r is not None]
        return cls(min(roles)) if roles else None


ROLE_REACH = {
    Role.LEGEND: "platform",
    Role.PHANTOM: "organization",
    Role.AVIATOR: "several workspaces",
    Role.GLADIATOR: "workspace",
    Role.NAVIGATOR: "department",
    Role.DEVIATOR: "team",
    Role.RAIDER: "self",
    Role.MERCHANT: "external",
    Role.VISITOR: "custom",
    Role.PASSENGER: "observer",
    Role.AMBASSADOR: "marketing",
}

# Roles whose holders run the organization (settings, members, admin site).
ORG_ADMIN_ROLES = (Role.LEGEND, Role.PHANTOM)

# The modules an organization or a workspace may switch off (tenancy.module_settings), and the apps
# whose pages sit inside another module (the venue pages of `locations` are part of Events).
TOGGLEABLE_MODULES = ("advancing", "productions", "events", "people", "assets", "finance", "reports", "resources")
MODULE_HOSTS = {"locations": "events", "jobs": "people", "guests": "events"}

MODULE_APPS = (
    "locations",
    "productions",
    "events",
    "people",
    "assets",
    "finance",
    "advancing",
    "reports",
    "jobs",
    "resources",
    "marketplace",
    "guests",  # guest lists and accreditation: part of the Events module (MODULE_HOSTS)
)
# Apps whose permissions the roles carry (each has a `role_permissions_migration`; locations took
# over its venue permissions, and the roles' grants of them, from events: locations 0001).
ROLE_APPS = (
    "auth",
    "tenancy",
    "files",
    "activity",
    "accounts",
    "notifications",
    *MODULE_APPS,
    "dashboard",
    "webhooks",
    "broadcasts",
)
_ALL_MODULES = [f"{app}.*" for app in MODULE_APPS]

# Default powers: (granted patterns, refused patterns) over "app_label.codename".
# Later apps add their codenames simply by matching these patterns.
ROLE_PERMISSION_PATTERNS = {
    Role.LEGEND: (["*"], []),
    Role.PHANTOM: (["*"], ["advancing.manage_catalog*", "advancing.*_catalogitem"]),
    Role.AVIATOR: (
        _ALL_MODULES + ["files.*", "tenancy.view_*", "activity.view_*", "advancing.view_catalogitem", "broadcasts.*"],
        ["advancing.*_catalogitem", "advancing.manage_catalog"],
    ),
    Role.GLADIATOR: (
        _ALL_MODULES
        + ["files.*", "tenancy.view_workspace", "activity.view_*", "advancing.view_catalogitem", "broadcasts.*"],
        [
            "advancing.*_catalogitem",
            "advancing.manage_catalog",
            "finance.approve_purchaseorder",
            "finance.award_requestforquote",
        ],
    ),
    Role.NAVIGATOR: (
        [
            "*.view_*",
            "advancing.add_*",
            "advancing.change_*",
            "*.open_module",
            "advancing.submit_advance",
            "advancing.review_advance",
            "advancing.fulfil_advance",
            "advancing.delete_advancetemplate",  # reviewers keep the advance templates (add/change: above)
            "productions.add_task",
            "productions.change_task",
            "productions.comment_task",
            "people.*_timeentry",
            "people.approve_timeentry",
            "people.add_person",
            "people.change_person",
            "people.*_assignment",
            "people.*_certification",
            "people.*_unavailability",
            # hiring: record applicants, screen and interview them (offers and hiring stay Gladiator's)
            "people.add_application",
            "people.change_application",
            "people.screen_application",
            "people.*_applicationcertificate",
            "people.*_interviewnote",
            "people.*_trainingrecord",
            "assets.*_reservation",
            "assets.add_maintenancerecord",
            "assets.change_maintenancerecord",
            "events.add_incident",
            "events.change_incident",
            "locations.add_meterreading",
            "locations.add_outage",
            "locations.change_outage",  # the crew who report an outage say when it is over
            "files.add_attachment",
            "reports.add_savedreport",
            "files.add_document",
            "files.change_document",
            # grants: apply for them and submit (the funder's decision is recorded by Gladiator and up)
            "resources.add_grantapplication",
            "resources.change_grantapplication",
            "resources.submit_grantapplication",
            "guests.checkin_guest",  # door staff: check guests in (deciding the list is the event's managers')
        ],
        [
            "tenancy.view_membership",
            "advancing.*_catalogitem",
            "finance.*",
            "tenancy.view_organization",
            "jobs.*_contract",  # contracts carry rates: finance data
        ],
    ),
    Role.DEVIATOR: (
        [
            "productions.view_*",
            "events.view_*",
            "locations.view_*",
            "people.view_*",
            "assets.view_*",
            "advancing.view_*",
            "productions.open_module",
            "events.open_module",
            "people.open_module",
            "assets.open_module",
            "advancing.open_module",
            "advancing.add_advance",
            "advancing.change_advance",
            "advancing.submit_advance",
            "advancing.*_advanceitem",
            "advancing.fulfil_advance",
            "people.add_timeentry",
            "people.change_timeentry",
            "people.*_unavailability",
            "events.add_incident",
            "locations.add_meterreading",
            "locations.add_outage",
            "locations.change_outage",  # the crew who report an outage say when it is over
            "productions.comment_task",
            "files.view_attachment",
            "files.add_attachment",
            # Reports: the templates their other permissions let them run, and reports of their own.
            "reports.open_module",
            "reports.view_savedreport",
            "reports.add_savedreport",
            "files.view_document",
            "files.add_document",
            "resources.open_module",  # learning: read materials and courses, enrol and learn
            "resources.view_material",
            "resources.view_course",
            "resources.view_lesson",
            "resources.view_grant",  # the funding opportunities (applying is a Navigator's and up)
            "guests.checkin_guest",  # door staff: check guests in (deciding the list is the event's managers')
        ],
        ["advancing.*_catalogitem", "advancing.manage_catalog"],
    ),
    Role.RAIDER: (
        [
            "productions.view_production",
            # their own tasks only (Task.role_scope): see, update, comment
            "productions.view_task",
            "productions.change_task",
            "productions.comment_task",
            "events.view_event",
            "productions.open_module",
            "events.open_module",
            "people.open_module",
            "advancing.open_module",
            "advancing.view_advance",
            "advancing.add_advance",
            "advancing.change_advance",
            "advancing.submit_advance",
            "advancing.*_advanceitem",
            "people.add_timeentry",
            "people.view_timeentry",
            "people.change_timeentry",
            "people.view_person",
            "people.view_personal_data",
            "people.view_assignment",
            "people.view_certification",
            "people.view_trainingrecord",
            "people.*_unavailability",
            "files.view_attachment",
            "files.add_attachment",
            "reports.open_module",
            "reports.view_savedreport",
            "files.view_document",
            "resources.open_module",  # learning: read materials and courses, enrol and learn
            "resources.view_material",
            "resources.view_course",
            "resources.view_lesson",
            "resources.view_grant",  # the funding opportunities (applying is a Navigator's and up)
        ],
        [],
    ),
    # Merchant and Visitor see only what is granted to them object by object (guardian).
    # A Merchant linked to a company (finance.Contact.user) also reads that company's purchase
    # orders and invoices: these permissions are narrowed to it by the models' `role_scope`
    # (finance/merchants.py), so an unlinked Merchant still sees nothing.
    Role.MERCHANT: (
        [
            "finance.view_company",
            "finance.view_contact",
            "finance.view_purchaseorder",
            "finance.view_purchaseorderline",
            "finance.view_invoice",
            "finance.view_invoiceline",
            "finance.view_payment",
            # Requests for quote they are invited to (RequestForQuote.role_scope), their own bids
            # (which they submit and withdraw) and their company's agreements.
            "finance.view_requestforquote",
            "finance.view_rfqline",
            "finance.view_bid",
            "finance.view_bidline",
            "finance.add_bid",
            "finance.change_bid",
            "finance.view_agreement",
            "finance.view_agreementrate",
        ],
        [],
    ),
    Role.VISITOR: ([], []),
    Role.PASSENGER: (
        [
            "productions.view_*",
            "events.view_*",
            "locations.view_*",
            "advancing.view_*",
            "assets.view_*",
            "people.view_*",
            "productions.open_module",
            "events.open_module",
            "advancing.open_module",
            "assets.open_module",
            "people.open_module",
            "reports.open_module",
            "reports.view_savedreport",
            "resources.open_module",  # learning: read materials and courses, enrol and learn
            "resources.view_material",
            "resources.view_course",
            "resources.view_lesson",
            "resources.view_grant",  # the funding opportunities (applying is a Navigator's and up)
        ],
        # Money is finance data, hidden from Passengers (issue 7), also on the assets they may read.
        ["advancing.view_catalogitem", "people.view_personal_data", "assets.view_asset_value"],
    ),
    Role.AMBASSADOR: (["events.view_event", "events.open_module"], []),
}

# The catalog is global and readable by every signed-in user; only platform admins edit it.
# That rule lives in the catalog's own views, not in the workspace roles.


# Exact permissions a role holds even where its refused patterns would take them away.
ROLE_EXCEPTIONS = {
    # Expenses are approved by Navigator and stronger (issue 7); the rest of finance stays hidden.
    Role.NAVIGATOR: {
        "finance.open_module",
        "finance.view_expense",
        "finance.add_expense",
        "finance.change_expense",
        "finance.approve_expense",
    },
}


def role_grants(role, perm):
    """Whether the default patterns give `role` the permission "app_label.codename"."""
    granted, refused = ROLE_PERMISSION_PATTERNS[Role(role)]
    if perm in ROLE_EXCEPTIONS.get(Role(role), ()):
        return True
    return any(fnmatch(perm, p) for p in granted) and not any(fnmatch(perm, p) for p in refused)


def read_role_permissions(roles):
    """Role -> set of "app_label.codename" its group holds, for `roles`, in one query."""
    from django.contrib.auth.models import Group

    perms = {Role(role): set() for role in roles}
    by_name = {role.label: role for role in perms}
    rows = Group.objects.filter(name__in=by_name).values_list(
        "name", "permissions__content_type__app_label", "permissions__codename"
    )
    for name, app_label, codename in rows:
        if codename:
            perms[by_name[name]].add(f"{app_label}.{codename}")
    return perms


def seed_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in Role:
        Group.objects.get_or_create(name=role.label)


def seed_role_permissions(apps, schema_editor, app_label):
    """Give each role group its default permissions for one app (called by its data migration)."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    app_config.models_module = None
    grant_default_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), app_label)


def grant_default_permissions(Group, Permission, app_label):
    perms = list(Permission.objects.filter(content_type__app_label=app_label).select_related("content_type"))
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        wanted = [p for p in perms if role_grants(role, f"{app_label}.{p.codename}")]
        group.permissions.add(*wanted)


def restore_role_permissions(sender, **kwargs):
    """post_migrate: put back the defaults of an app whose role permissions are all gone.

    Migrations seed them once, and admins edit them after that. But a database flush (as
    transactional tests do between tests) empties the tables while keeping the migration
    history, so the data migrations never run again. Legend holds every permission by
    default, so a Legend without any of an app's permissions means the rows were wiped.
    """
    from django.contrib.auth.models import Group, Permission

    label = sender.label
    if label not in ROLE_APPS or not Permission.objects.filter(content_type__app_label=label).exists():
        return
    if Group.objects.filter(name=Role.LEGEND.label, permissions__content_type__app_label=label).exists():
        return
    grant_default_permissions(Group, Permission, label)


def role_permissions_migration(app_label):
    """A RunPython operation that seeds the roles' default permissions for `app_label`."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        seed_role_permissions(apps, schema_editor, app_label)

    return migrations.RunPython(forwards, migrations.RunPython.noop)
