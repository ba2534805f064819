"""The role × action matrix: one helper every app uses to pin who may do what.

    expected = {"view": {Role.GLADIATOR, ...}, "approve": {...}}
    assert_role_matrix(tenant, obj, {"view": "advancing.view_advance", ...}, expected)

Each (role, action) pair is checked through `user.has_perm(perm, obj)` and, for view,
through `Model.objects.visible_to(user)`, so the object check and the list filter are
proved to agree. A failure lists every cell that differs, not just the first.
"""

from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.roles import Role


def assert_role_matrix(tenant, obj, actions, expected, *, extra_users=None):
    users = dict(tenant.users)
    users.update(extra_users or {})
    wrong = []
    model = type(obj)
    for role, user in users.items():
        clear_access(user)
        for action, perm in actions.items():
            want = Role(role) in expected[action] or Role(role) == Role.LEGEND
            got = user.has_perm(perm, obj)
            if got != want:
                wrong.append(f"{Role(role).label} {action}: expected {want}, has_perm said {got}")
            if action == "view":
                listed = model.objects.visible_to(user).filter(pk=obj.pk).exists()
                if listed != want:
                    wrong.append(f"{Role(role).label} view: expected {want}, visible_to said {listed}")
    assert not wrong, "Role matrix differs:\n" + "\n".join(wrong)
