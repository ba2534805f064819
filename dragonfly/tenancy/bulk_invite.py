"""Bulk invitations from a CSV of name, email, role[, workspace]: a preview with each row's problems,
then sending the valid rows. The file is read again on confirm, never trusted from the preview."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.core.csv_import import CsvRefused, CsvReport, csv_records

from .invitations import invite, invite_refusal
from .roles import Role

COLUMNS = ["name", "email", "role", "workspace"]
REQUIRED = ("email", "role")
MAX_ROWS = 500
MAX_BYTES = 1024 * 1024
ROLES_BY_NAME = {role.label.lower(): role for role in Role}


@dataclass
class Row:
    line: int
    name: str
    email: str
    role_name: str
    workspace_name: str
    role: Any = None
    workspace: Any = None
    errors: list = field(default_factory=list)


def preview(organization: Any, *, actor: Any, text: str) -> CsvReport:
    """Read and check every row; writes nothing."""
    workspaces = {w.name.lower(): w for w in organization.workspaces.all()}
    workspaces.update({w.slug.lower(): w for w in organization.workspaces.all()})
    report = CsvReport()
    seen: dict[str, int] = {}
    try:
        for line, values in csv_records(
            text, required=REQUIRED, columns=COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS
        ):
            row = Row(line, values.get("name", ""), values.get("email", "").lower(), values.get("role", ""), "")
            row.workspace_name = values.get("workspace", "")
            _check(row, organization, actor, workspaces, seen)
            report.rows.append(row)
    except CsvRefused as exc:
        return CsvReport([], [str(exc)])
    return report


def _check(row: Row, organization: Any, actor: Any, workspaces: dict, seen: dict) -> None:
    row.role = ROLES_BY_NAME.get(row.role_name.lower())
    if row.role is None:
        row.errors.append(
            _("Unknown role “%(role)s”; use one of %(roles)s.")
            % {"role": row.role_name, "roles": ", ".join(r.label for r in Role)}
        )
    if row.workspace_name:
        row.workspace = workspaces.get(row.workspace_name.lower())
        if row.workspace is None:
            row.errors.append(
                _("No workspace “%(workspace)s” in %(organization)s.")
                % {"workspace": row.workspace_name, "organization": organization.name}
            )
    if row.email in seen:
        row.errors.append(_("%(email)s is also on line %(line)s.") % {"email": row.email, "line": seen[row.email]})
        return
    seen[row.email] = row.line
    if row.role is not None and not row.errors:
        refusal = invite_refusal(organization, actor=actor, email=row.email, role=row.role, workspace=row.workspace)
        if refusal:
            row.errors.append(refusal)
    elif not row.email:
        row.errors.append(_("The email is missing."))


def send_valid(organization: Any, *, actor: Any, text: str, base_url: str) -> list:
    """Invite the rows that pass the checks now; the others are left out (the preview listed why)."""
    checked = preview(organization, actor=actor, text=text)
    with transaction.atomic():
        return [
            invite(
                organization,
                actor=actor,
                email=row.email,
                role=row.role,
                workspace=row.workspace,
                name=row.name,
                base_url=base_url,
            )
            for row in checked.valid
        ]
