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


def assert_url_matrix(tenant, requests, expected, *, extra_users=None):
    """Role × URL × action, through the real views: each request is made as each role's user.

        requests = {"open list": ("get", "/productions/w/org/ws/", None), "add": ("post", url, data)}
        expected = {"open list": {Role.GLADIATOR, ...}, "add": {...}}

    A role outside the expected set must be refused (403, or 404 where the row is hidden from it);
    a role inside must not be. GET requests run before POSTs so a write cannot change what a read
    sees. A failure lists every cell that differs.
    """
    from django.test import Client

    users = dict(tenant.users)
    users.update(extra_users or {})
    wrong = []
    ordered = sorted(requests.items(), key=lambda kv: kv[1][0].lower() != "get")
    for action, (method, url, data) in ordered:
        for role, user in users.items():
            clear_access(user)
            client = Client()
            client.force_login(user)
            response = getattr(client, method.lower())(url, data or {})
            refused = response.status_code in (403, 404)
            want = Role(role) in expected[action] or Role(role) == Role.LEGEND
            if refused == want:
                wrong.append(f"{Role(role).label} {action} {method.upper()} {url}: got {response.status_code}")
    assert not wrong, "URL matrix differs:\n" + "\n".join(wrong)
