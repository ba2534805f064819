"""Bulk invitations from a CSV of name, email, role[, workspace]: a preview with each row's problems,
then sending the valid rows. The file is read again on confirm, never trusted from the preview."""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

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

    @property
    def ok(self):
        return not self.errors


@dataclass
class Preview:
    rows: list
    problems: list  # about the file itself: nothing can be sent

    @property
    def valid(self):
        return [r for r in self.rows if r.ok]

    @property
    def invalid(self):
        return [r for r in self.rows if not r.ok]


def preview(organization: Any, *, actor: Any, text: str) -> Preview:
    """Read and check every row; writes nothing."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        return Preview([], ["The file is larger than 1 MB; split it."])
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return Preview([], ["The file is empty."])
    except csv.Error as exc:
        return Preview([], [f"This is not a readable CSV file ({exc})."])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return Preview([], [f"Missing column(s): {', '.join(missing)}. Expected: {', '.join(COLUMNS)}."])
    workspaces = {w.name.lower(): w for w in organization.workspaces.all()}
    workspaces.update({w.slug.lower(): w for w in organization.workspaces.all()})
    rows: list[Row] = []
    seen: dict[str, int] = {}
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                return Preview([], [f"At most {MAX_ROWS} rows per file; split it."])
            values = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
            row = Row(number, values.get("name", ""), values.get("email", "").lower(), values.get("role", ""), "")
            row.workspace_name = values.get("workspace", "")
            _check(row, organization, actor, workspaces, seen)
            rows.append(row)
    except csv.Error as exc:
        return Preview([], [f"The CSV file is malformed near line {reader.line_num} ({exc})."])
    return Preview(rows, [])


def _check(row: Row, organization: Any, actor: Any, workspaces: dict, seen: dict) -> None:
    row.role = ROLES_BY_NAME.get(row.role_name.lower())
    if row.role is None:
        row.errors.append(f"Unknown role “{row.role_name}”; use one of {', '.join(r.label for r in Role)}.")
    if row.workspace_name:
        row.workspace = workspaces.get(row.workspace_name.lower())
        if row.workspace is None:
            row.errors.append(f"No workspace “{row.workspace_name}” in {organization.name}.")
    if row.email in seen:
        row.errors.append(f"{row.email} is also on line {seen[row.email]}.")
        return
    seen[row.email] = row.line
    if row.role is not None and not row.errors:
        refusal = invite_refusal(organization, actor=actor, email=row.email, role=row.role, workspace=row.workspace)
        if refusal:
            row.errors.append(refusal)
    elif not row.email:
        row.errors.append("The email is missing.")


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
