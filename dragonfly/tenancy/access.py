"""Who may reach what: the one place that turns memberships and grants into answers.

`get_access(user)` loads a user's active memberships, the roles' permissions and the
user's active object grants once, and keeps them on the user object for the request.
The permission backends, every `visible_to(user)` and the helpers named after the
platform spec's functions (`has_permission`, `can_access_workspace`,
`role_in_workspace`) all read from it, so a page, an export and the API cannot disagree.
"""

import contextlib
import datetime
import zoneinfo
from collections import defaultdict
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.translation import gettext

from .roles import ORG_ADMIN_ROLES, Role, read_role_permissions

_CACHE_ATTR = "_dragonfly_access"


# The zones and the language ride along with the roles in one query: every request reads the
# reader's zone (user_timezone) and language (user_language). So does whether the user holds any
# grant (`any_grant`, MembershipQuerySet.for_access): most hold none, and then no grant is read.
_ACCESS_ROW = (
    "organization_id",
    "workspace_id",
    "role",
    "organization__timezone",
    "user__profile__timezone",
    "user__profile__language",
    "user__profile__theme",
    "organization__role_permissions",
    "user__profile__inapp_muted_kinds",
    "any_grant",
)


class Access:
    def __init__(self, user, rows=None):
        from .models import Membership

        self.user = user
        self.authenticated = bool(user and user.is_authenticated and user.is_active)
        if not self.authenticated:
            rows = []
        elif rows is None:
            rows = list(Membership.objects.for_access().filter(user=user).values_list(*_ACCESS_ROW))
        self.org_roles = {}  # organization id -> strongest org-wide role
        self.workspace_roles = {}  # workspace id -> (organization id, role)
        self.org_zone_names = {row[0]: row[3] for row in rows}
        self.preferred_zone_name = (rows[0][4] or "") if rows else None  # None: no membership to read it by
        self.preferred_language = (rows[0][5] or "") if rows else None  # None: as above
        self.preferred_theme = (rows[0][6] or "") if rows else None  # None: as above
        self.muted_in_app = frozenset(rows[0][8] or ()) if rows else None  # None: as above
        self.grantless = bool(rows) and not any(row[9] for row in rows)  # read with the rows: no grant to read
        self._modules_off = {}  # organization id -> ModulesOff, read once per request (module_settings)
        # organization id -> {role level: {perm: bool}}: the organization's changes to the roles' defaults
        self.org_role_changes = {row[0]: row[7] or {} for row in rows}
        for org_id, ws_id, role, *_ in rows:
            role = Role(role)
            if ws_id is None:
                self.org_roles[org_id] = Role.strongest([role, self.org_roles.get(org_id)])
            else:
                self.workspace_roles[ws_id] = (org_id, role)
        self.is_platform_admin = self.authenticated and (
            user.is_superuser or any(row[2] == Role.LEGEND for row in rows)
        )

    # --- memberships -------------------------------------------------------------------
    @property
    def organization_ids(self):
        return set(self.org_roles) | {org for org, _ in self.workspace_roles.values()}

    @property
    def admin_organization_ids(self):
        """Organizations this user administers (an org-wide Legend or Phantom membership)."""
        return {org for org, role in self.org_roles.items() if role in ORG_ADMIN_ROLES}

    def workspace_q(self, prefix=""):
        """A filter on Workspace rows (or on `prefix`workspace) this user holds any role in."""
        return Q(**{f"{prefix}organization_id__in": list(self.org_roles)}) | Q(
            **{f"{prefix}id__in": list(self.workspace_roles)}
        )

    @cached_property
    def _workspace_orgs(self):
        from .models import Workspace

        return dict(Workspace.objects.filter(self.workspace_q()).values_list("id", "organization_id"))

    def role_in(self, workspace):
        """Effective role in a workspace: the strongest of org-wide and workspace membership."""
        if workspace is None or not self.authenticated:
            return None
        ws_id = getattr(workspace, "pk", workspace)
        org_id = getattr(workspace, "organization_id", None) or self._workspace_orgs.get(ws_id)
        ws_role = self.workspace_roles.get(ws_id, (None, None))[1]
        return Role.strongest([self.org_roles.get(org_id), ws_role])

    def role_in_organization(self, organization):
        org_id = getattr(organization, "pk", organization)
        return self.org_roles.get(org_id)

    # --- switched-off modules (tenancy.module_settings): applied here and nowhere else ----
    def modules_off_in(self, org_id):
        from .module_settings import ModulesOff, modules_off

        if org_id not in self._modules_off:
            wanted = {org_id} | (self.organization_ids - set(self._modules_off))
            self._modules_off.update(modules_off(wanted))
        return self._modules_off.get(org_id) or ModulesOff()

    def module_off(self, app_label, workspace=None, organization=None):
        """Whether `app_label`'s module is switched off in `workspace` (or for the whole `organization`)."""
        from .module_settings import module_of

        module = module_of(app_label)
        if module is None or (workspace is None and organization is None):
            return False
        ws_id = getattr(workspace, "pk", workspace)
        if organization is not None:
            org_id = getattr(organization, "pk", organization)
        else:
            org_id = getattr(workspace, "organization_id", None) or self._workspace_orgs.get(ws_id)
            if org_id is None:
                from .models import Workspace

                org_id = Workspace.objects.filter(pk=ws_id).values_list("organization_id", flat=True).first()
        return self.modules_off_in(org_id).is_off(module, ws_id)

    def module_off_q(self, app_label, path):
        """A filter leaving out rows (through `path` to their workspace) whose module is switched off."""
        from .module_settings import module_of

        module = module_of(app_label)
        if module is None or not self.organization_ids:
            return Q()
        off_orgs, off_workspaces = [], []
        for org_id in sorted(self.organization_ids):
            off = self.modules_off_in(org_id)
            if module in off.organization:
                off_orgs.append(org_id)
            off_workspaces += [ws for ws, modules in off.workspaces.items() if module in modules]
        q = Q()
        if off_orgs:
            q &= ~Q(**{f"{path}__organization_id__in": off_orgs})
        if off_workspaces:
            q &= ~Q(**{f"{path}_id__in": sorted(off_workspaces)})
        return q

    # --- permissions -------------------------------------------------------------------
    @cached_property
    def role_permissions(self):
        """Role -> set of "app_label.codename" of every role, read from the role groups in one query."""
        return read_role_permissions(Role)

    @cached_property
    def _held_permissions(self):
        # Only the roles the user holds (a crew member's hundred rows, not every role's ~2,300).
        return read_role_permissions(self.roles)

    def role_has(self, role, perm, org_id=None):
        """Whether `role` carries `perm` in organization `org_id`: the organization's own change for that
        role and permission (tenancy.role_settings) when it made one, else the platform-wide default."""
        if role is None:
            return False
        changed = self.org_role_changes.get(org_id, {}).get(str(int(role)), {}) if org_id is not None else {}
        if perm in changed:
            return bool(changed[perm])
        known = self.__dict__.get("role_permissions") or self._held_permissions
        return perm in (known[role] if role in known else self.role_permissions[role])

    def has_anywhere(self, perm):
        """Whether any of the user's roles carries `perm` (navigation, admin model access)."""
        if self.is_platform_admin:
            return True
        held = [*self.org_roles.items(), *self.workspace_roles.values()]
        return any(self.role_has(role, perm, org_id) for org_id, role in held)

    @property
    def roles(self):
        return set(self.org_roles.values()) | {r for _, r in self.workspace_roles.values()}

    @cached_property
    def grants(self):
        """(content type id, object pk, codename) of the user's unexpired object grants."""
        from .models import ObjectGrant

        if not self.authenticated or self.grantless:
            return frozenset()
        return frozenset(
            ObjectGrant.objects.active()
            .filter(user=self.user)
            .values_list("content_type_id", "object_pk", "permission__codename")
        )

    @property
    def granted_app_labels(self):
        return {ContentType.objects.get_for_id(ct).app_label for ct, _, _ in self.grants}

    def granted_pks(self, model, codename):
        if not self.grants:
            return []
        ctype = ContentType.objects.get_for_model(model)
        field = model._meta.pk
        return [field.to_python(pk) for ct, pk, code in self.grants if ct == ctype.id and code == codename]

    def has_grant(self, perm, obj):
        if not self.grants:
            return False
        app_label, codename = perm.split(".", 1)
        ctype = ContentType.objects.get_for_model(obj)
        if not (ctype.app_label == app_label and (ctype.id, str(obj.pk), codename) in self.grants):
            return False
        return not self.module_off(app_label, workspace_of(obj))

    # --- the object check and the list filter, built from the same facts ---------------
    def has_role_perm(self, perm, obj):
        from .models import Organization, Workspace

        app_label = perm.split(".", 1)[0]
        if isinstance(obj, Organization):
            return self.role_has(self.role_in_organization(obj), perm, obj.pk) and not self.module_off(
                app_label, organization=obj
            )
        workspace = obj if isinstance(obj, Workspace) else workspace_of(obj)
        if workspace is None:
            return False
        role = self.role_in(workspace)
        org_id = getattr(workspace, "organization_id", None) or self._workspace_orgs.get(workspace.pk)
        if not self.role_has(role, perm, org_id) or self.module_off(app_label, workspace):
            return False
        scope = scope_for(type(obj), self.user, role, perm)
        if not scope:
            return True
        return type(obj)._base_manager.filter(pk=obj.pk).filter(scope).exists()

    def visible_q(self, model, perm):
        """Rows of `model` on which the user holds `perm`: by role in their workspace, or by grant."""
        path = getattr(model, "workspace_path", "workspace")
        q = Q(pk__in=[])
        stronger_here = defaultdict(list)  # org -> workspaces where a workspace role outranks the org role
        for ws_id, (org_id, ws_role) in self.workspace_roles.items():
            org_role = self.org_roles.get(org_id)
            role = Role.strongest([ws_role, org_role])
            if org_role is not None and role != org_role:
                stronger_here[org_id].append(ws_id)
            if self.role_has(role, perm, org_id):
                q |= Q(**{f"{path}_id": ws_id}) & scope_for(model, self.user, role, perm)
        for org_id, role in self.org_roles.items():
            if self.role_has(role, perm, org_id):
                q |= (
                    Q(**{f"{path}__organization_id": org_id})
                    & ~Q(**{f"{path}_id__in": stronger_here[org_id]})
                    & scope_for(model, self.user, role, perm)
                )
        pks = self.granted_pks(model, perm.split(".", 1)[1])
        if pks:
            q |= Q(pk__in=pks)
        return q & self.module_off_q(perm.split(".", 1)[0], path)


def scope_for(model, user, role, perm=None):
    """A model may narrow what a role sees inside a workspace (a Raider sees own advances), and
    narrow one permission further (`perm_scope`: a Navigator sees personal data of their
    department's crew only)."""
    hook = getattr(model, "role_scope", None)
    scope = hook(user, role) if hook else Q()
    perm_hook = getattr(model, "perm_scope", None)
    if perm_hook and perm:
        scope &= perm_hook(user, role, perm)
    return scope


def workspace_of(obj):
    path = getattr(type(obj), "workspace_path", "workspace")
    target = obj
    for part in path.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


def get_access(user):
    access = getattr(user, _CACHE_ATTR, None) if user is not None else None
    if access is None:
        access = Access(user)
        if user is not None:
            with contextlib.suppress(AttributeError):  # objects that refuse attributes just aren't cached
                setattr(user, _CACHE_ATTR, access)
    return access


def prime_access(users, *, for_checks=False):
    """Load many users' access in one query (a notification to a whole crew reads each recipient's
    language and zone): their `get_access` then asks the database nothing more for those. With
    `for_checks` (a permission check for each of them at once: a live event to every open page) their
    grants, the roles' permissions and their organizations' switched-off modules are read once for all
    of them too, instead of once per user."""
    from .models import Membership, ObjectGrant
    from .module_settings import modules_off

    todo = [user for user in users if getattr(user, _CACHE_ATTR, None) is None]
    if not todo:
        return
    rows = defaultdict(list)
    found = Membership.objects.for_access().filter(user__in=todo).values_list("user_id", *_ACCESS_ROW)
    for user_id, *row in found:
        rows[user_id].append(tuple(row))
    primed = []
    for user in todo:
        with contextlib.suppress(AttributeError):
            setattr(user, _CACHE_ATTR, Access(user, rows[user.pk]))
            primed.append(getattr(user, _CACHE_ATTR))
    if not for_checks or not primed:
        return
    grants = defaultdict(set)
    fields = ("user_id", "content_type_id", "object_pk", "permission__codename")
    for user_id, *grant in ObjectGrant.objects.active().filter(user__in=todo).values_list(*fields):
        grants[user_id].add(tuple(grant))
    role_permissions = primed[0].role_permissions  # the same role groups for everyone: read once
    off = modules_off(set().union(*(access.organization_ids for access in primed)))
    for access in primed:
        # what the cached properties would each have read (the same rows, as `Access` reads them)
        access.__dict__["role_permissions"] = role_permissions
        access.__dict__["grants"] = frozenset(grants[access.user.pk]) if access.authenticated else frozenset()
        access._modules_off.update({org_id: off[org_id] for org_id in access.organization_ids if org_id in off})


def clear_access(user):
    """Forget cached access (after memberships or grants change within one request)."""
    user.__dict__.pop(_CACHE_ATTR, None)


# --- the platform spec's functions, by name ------------------------------------------------
def has_permission(user, perm, obj=None):
    return user.has_perm(perm, obj)


def can_access_workspace(user, workspace):
    access = get_access(user)
    return access.is_platform_admin or access.role_in(workspace) is not None


def role_in_workspace(user, workspace):
    """The user's effective role in the workspace, or None (Legend for platform admins)."""
    access = get_access(user)
    role = access.role_in(workspace)
    if role is None and access.is_platform_admin:
        return Role.LEGEND
    return role


# --- the access vocabulary: every module asks these, none re-derives a role ---------------
def is_org_admin(user, organization) -> bool:
    """Whether the user administers `organization` (an org-wide Legend or Phantom, or a platform admin)."""
    access = get_access(user)
    org_id = getattr(organization, "pk", organization)
    return access.is_platform_admin or (org_id is not None and org_id in access.admin_organization_ids)


def administers_any(user) -> bool:
    access = get_access(user)
    return access.is_platform_admin or bool(access.admin_organization_ids)


def require(user: Any, perm: str, obj: Any, message: str) -> None:
    """Refuse (403 on a page, in the API) unless the user holds `perm` on `obj`; services call it
    before anything is read under a lock, views before they show a form or run an action."""
    from django.core.exceptions import PermissionDenied

    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def may_any(user, perms, obj=None) -> bool:
    """Whether the user holds at least one of `perms` on `obj` (e.g. may review *or* approve)."""
    return any(user.has_perm(perm, obj) for perm in perms)


def holds_anywhere(user, perm) -> bool:
    """Whether any role or object grant of the user carries `perm` (a menu entry, a queue link)."""
    access = get_access(user)
    codename = perm.split(".", 1)[1]
    return access.has_anywhere(perm) or any(code == codename for _, _, code in access.grants)


def _active_people(members):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=members.values("user_id"))
        .order_by("first_name", "last_name", "username")
    )


def workspace_people(workspace):
    """Active users holding a role in `workspace`: members of it and org-wide members of its organization."""
    from .models import Membership

    return _active_people(
        Membership.objects.active().filter(
            Q(workspace=workspace) | Q(workspace__isnull=True, organization_id=workspace.organization_id)
        )
    )


def people_visible_to(user, workspace=None):
    """The people `user` may see named in a filter or a picker: active users holding a role in a
    workspace the user holds a role in (an org-wide member shares every workspace of the
    organization; a platform admin sees everyone). With `workspace`, only that workspace's people,
    and nobody when the user has no role there. Every "people of the organization" choice list
    reads through here, so no list names someone from a workspace the viewer is not in."""
    from django.contrib.auth import get_user_model

    from .models import Membership

    access = get_access(user)
    if workspace is not None:
        return workspace_people(workspace) if can_access_workspace(user, workspace) else get_user_model().objects.none()
    if not access.authenticated:
        return get_user_model().objects.none()
    if access.is_platform_admin:
        return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")
    shared = (
        Q(organization_id__in=list(access.org_roles))
        | Q(workspace_id__in=list(access.workspace_roles))
        | Q(workspace__isnull=True, organization_id__in=list(access.organization_ids))
    )
    return _active_people(Membership.objects.active().filter(shared))


def users_with_perm(perm, obj):
    """The people of the object's workspace who hold `perm` on it (by role or by grant): who to notify."""
    from django.contrib.auth import get_user_model

    from .models import ObjectGrant

    workspace = workspace_of(obj)
    if workspace is None:
        return []
    candidates = set(workspace_people(workspace))
    app_label, codename = perm.split(".", 1)
    granted = ObjectGrant.objects.active().filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), permission__codename=codename
    )
    candidates |= set(get_user_model().objects.filter(is_active=True, pk__in=granted.values("user_id")))
    return sorted((u for u in candidates if u.has_perm(perm, obj)), key=lambda u: u.pk)


def _zone(name):
    """The named zone, or None when the name is empty or names no zone."""
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def is_timezone_name(name) -> bool:
    """Whether `name` is a zone a person may pick (Europe/Berlin, America/New_York, UTC)."""
    return name in zoneinfo.available_timezones()


def org_timezone(obj):
    """The time zone an organization reads its times in (an organization, workspace or any tenant row).

    It decides business days (which day a shift or a deadline falls on); how a time is *shown* is
    `user_timezone` (the viewer's) or `venue_timezone` (an event's or a venue's)."""
    from .models import Organization, Workspace

    if isinstance(obj, Organization):
        organization = obj
    else:
        workspace = obj if isinstance(obj, Workspace) else workspace_of(obj)
        organization = getattr(workspace, "organization", None) or getattr(obj, "organization", None)
    return _zone(getattr(organization, "timezone", "") or "") or datetime.UTC


_TZ_ATTR = "_dragonfly_timezone"


def user_timezone(user):
    """The zone a person reads times in: their own preference (their profile's), else their
    organization's, else the site's (settings.TIME_ZONE). Pages, mail, exports and notifications
    show every time that is not bound to an event or a venue in it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return timezone.get_default_timezone()
    cached = getattr(user, _TZ_ATTR, None)
    if cached is not None:
        return cached
    access = get_access(user)  # loaded by nearly every request anyway; it carries the zone names
    own = _own(user, "preferred_zone_name", "timezone")
    org = access.org_zone_names.get(min(access.org_zone_names)) if access.org_zone_names else ""
    zone = _zone(own or "") or _zone(org or "") or timezone.get_default_timezone()
    with contextlib.suppress(AttributeError):
        setattr(user, _TZ_ATTR, zone)
    return zone


def forget_user_timezone(user):
    """Forget the cached zone (after the user changed their preference within one request)."""
    user.__dict__.pop(_TZ_ATTR, None)
    clear_access(user)


def _own(user, attr: str, field: str) -> Any:
    """A person's own choice on their profile: from the access rows (no query), or, for someone with
    no membership, from their profile."""
    own = getattr(get_access(user), attr)
    if own is None:
        from dragonfly.accounts.models import Profile

        own = Profile.objects.filter(user=user).values_list(field, flat=True).first()
    return own


def user_language(user) -> str:
    """The language a person reads pages and mail in: their profile's choice ("" when they left it to
    the browser; the site's LANGUAGE_CODE for nobody). Read from the access rows, so a page asks the
    database nothing more."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    own = _own(user, "preferred_language", "language")
    return own if own in dict(settings.LANGUAGES) else ""


THEMES = ("system", "light", "dark")


def user_theme(user) -> str:
    """The theme a person reads pages in ("system", "light" or "dark"): their profile's choice, read
    from the access rows like the language, so the page asks the database nothing more."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    own = _own(user, "preferred_theme", "theme")
    return own if own in THEMES else "system"


def muted_in_app(user) -> frozenset[str]:
    """The notification kinds a person chose not to see in the app, read from the access rows like the
    language: the bell and the notifications page leave them out at no extra query."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(_own(user, "muted_in_app", "inapp_muted_kinds") or ())


def mail_language(user) -> str:
    """The language mail and notifications reach `user` in: their choice, else the site's."""
    return user_language(user) or settings.LANGUAGE_CODE


def venue_timezone(obj):
    """The zone an event- or venue-bound time is shown in, for every reader alike: the object's own
    zone (a venue, an event), else its event's, else its location's, else its organization's."""
    for holder in (obj, getattr(obj, "event", None), getattr(obj, "location", None)):
        zone = _zone(getattr(holder, "timezone", "") or "") if holder is not None else None
        if zone is not None:
            return zone
    return org_timezone(obj)


def user_time(moment, fmt="j M Y H:i", reader=None) -> str:
    """A moment in the zone of whoever reads it, labelled: "24 Nov 2026 14:02 CET".

    The reader is `reader` when given, else the active zone's: the request's viewer
    (UserTimezoneMiddleware) or a notification's recipient (`reading_as`)."""
    zone = user_timezone(reader) if reader is not None else None
    return dateformat.format(timezone.localtime(moment, zone), f"{fmt} T")


def venue_time(moment, obj, fmt="j M Y H:i", label=True) -> str:
    """An event- or venue-bound moment in the venue's zone, labelled: "8 Jan 2027 08:00 EST"
    (`label=False` for a part, such as the day, next to a labelled time)."""
    return dateformat.format(moment.astimezone(venue_timezone(obj)), f"{fmt} T" if label else fmt)


def reading_as(user):
    """Show times as `user` reads them for the block: `with reading_as(recipient): ...`."""
    return timezone.override(user_timezone(user))


def local_today(obj, now=None):
    """Today's date where the object's organization is."""
    return (now or timezone.now()).astimezone(org_timezone(obj)).date()


def display_name(user) -> str:
    """How a person is named on pages, in notes and in mail: full name, else username."""
    if user is None:
        return gettext("someone")
    return user.get_full_name() or user.get_username()
