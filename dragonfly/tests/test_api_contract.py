"""The API contract, checked the way an outside tester checks it: schemathesis over /api/schema/.

Every operation of the schema, for users of several roles from the demo data, with a fixed seed and a
small budget of generated requests each (valid and deliberately invalid ones). Detail routes get ids of
rows the user can see as well as made-up ones, so real objects' shapes are checked too.
Asserts no 5xx and no response that disagrees with the schema. Run alone with `pytest -m contract`.
"""

import contextlib
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.test import override_settings

pytestmark = [pytest.mark.contract, pytest.mark.django_db]

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

SEED = 20260401
# Cases per operation, role and kind of input (twice that for valid input on rows the user can see):
# the whole test stays under 3 minutes on 2 cores. CONTRACT_EXAMPLES=20 for a longer hunt.
EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "1"))
VISIBLE = "positive, visible ids"
# Runs the productions and advances (Gladiator), submits their own (Raider), reads (Passenger),
# sees only what finance granted them (Merchant).
ROLES = ("gladiator", "raider", "passenger", "merchant")
ORG = "northstar"
NO_THROTTLE = {"anon": "100000/min", "user": "100000/min", "token": "100000/min"}
PRIVATE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "contract"}}
PATH_PARAMETER = re.compile(r"\{(\w+)\}")


@dataclass
class Tally:
    cases: int = 0
    operations: set = field(default_factory=set)
    statuses: Counter = field(default_factory=Counter)
    server_errors: list = field(default_factory=list)
    violations: list = field(default_factory=list)

    def record(self, label, case, response, failure):
        self.cases += 1
        self.statuses[f"{response.status_code // 100}xx"] += 1
        if response.status_code >= 500:
            self.server_errors.append(f"{label}: {response.status_code} {_curl(case)}")
        elif failure is not None:
            self.violations.append(f"{label}: {failure}")


def _curl(case):
    try:
        return case.as_curl_command()
    except Exception:  # noqa: BLE001 - only for the failure message
        return repr(case)


def _token_headers(username):
    from django.contrib.auth import get_user_model

    from dragonfly.tokens.models import APIToken
    from dragonfly.tokens.services import create_token

    user = get_user_model().objects.get(username=username)
    if username not in _TOKENS:  # one write token per role, made once (only its digest is stored)
        APIToken.objects.filter(user=user, name="contract").delete()
        _TOKENS[username] = create_token(user, actor=user, name="contract", scopes=["write"], expires_in_days=1)[1]
    return {"Authorization": f"Bearer {_TOKENS[username]}", "Accept": "application/json"}


_TOKENS: dict[str, str] = {}


def _visible_ids(client, headers, list_path):
    """Ids the user sees at a list route (the path up to the first parameter), or [] when there is none."""
    response = client.get(list_path, query_string={"limit": 20}, headers=headers)
    if response.status_code != 200 or response.mimetype != "application/json":
        return []
    body = response.get_json()
    rows = body.get("results") if isinstance(body, dict) else body
    return [row["id"] for row in rows or [] if isinstance(row, dict) and isinstance(row.get("id"), int)]


def _checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

    return [not_a_server_error, response_schema_conformance, content_type_conformance]


def _strategies(operation, ids):
    """(mode, strategy) pairs: on a detail route, ids of rows the user can see (valid and invalid
    bodies), plus made-up ids; elsewhere whatever the schema allows, and what it forbids."""
    from hypothesis import strategies as st
    from schemathesis import GenerationMode

    names = PATH_PARAMETER.findall(operation.path)
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if len(names) == 1 and ids:
        yield (
            VISIBLE,
            st.sampled_from(ids).flatmap(
                lambda pk: operation.as_strategy(generation_mode=modes[0], path_parameters={names[0]: pk})
            ),
        )
        if operation.body:  # with the id fixed only a body is left to negate (else Hypothesis rejects for seconds)
            yield (
                "negative, visible ids",
                st.sampled_from(ids).flatmap(
                    lambda pk: operation.as_strategy(generation_mode=modes[1], path_parameters={names[0]: pk})
                ),
            )
        yield "negative, any id", operation.as_strategy(generation_mode=modes[1])
    else:
        for mode in modes:
            yield str(mode), operation.as_strategy(generation_mode=mode)


def _run_operation(operation, headers, ids, tally, app, checks, examples=EXAMPLES):
    label = f"{operation.method.upper()} {operation.path}"
    if examples < 1:
        return
    for kind, strategy in _strategies(operation, ids):
        with contextlib.suppress(hypothesis.errors.Unsatisfiable):  # nothing to negate in this operation
            _fuzz(label, kind, strategy, headers, tally, app, checks, examples * (2 if kind == VISIBLE else 1))


def _fuzz(label, kind, strategy, headers, tally, app, checks, examples):
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from schemathesis.core.failures import FailureGroup

    @seed(SEED)
    @settings(
        max_examples=examples,
        phases=[Phase.explicit, Phase.generate],
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        response = case.call(app=app, headers=headers)
        failure = None
        try:
            case.validate_response(response, checks=checks, headers=headers)
        except (FailureGroup, Exception) as exc:  # noqa: BLE001 - collected, reported all at once below
            failure = f"[{kind}] {_curl(case)}\n{str(exc)[:1500]}"
        tally.record(label, case, response, failure)

    run()


def test_every_operation_by_every_role_keeps_the_contract(seeded_demo):
    from werkzeug.test import Client  # through the WSGI app, like the cases (Django's Client rewires signals)

    from dragonfly.wsgi import application

    tally = Tally()
    started = time.monotonic()
    with (
        _connections_kept_open(),
        override_settings(CACHES=PRIVATE_CACHE, REST_FRAMEWORK=_rest_framework(DEFAULT_THROTTLE_RATES=NO_THROTTLE)),
    ):
        first = _token_headers(f"{ORG}-{ROLES[0]}")
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=first)
        operations = [result.ok() for result in schema.get_all_operations()]
        client = Client(application)
        checks = _checks()
        # On the demo rows as seeded: the fuzzing below may delete them (a DELETE of a visible id is a valid case).
        named = _check_named_operations(schema, application, first, checks)
        for role in ROLES:
            headers = _token_headers(f"{ORG}-{role}")
            ids_by_list = {}
            for operation in operations:
                tally.operations.add((operation.method, operation.path))
                ids = []
                if "{" in operation.path:
                    list_path = operation.path.split("{", 1)[0]
                    if list_path not in ids_by_list:
                        ids_by_list[list_path] = _visible_ids(client, headers, list_path)
                    ids = ids_by_list[list_path]
                _run_operation(operation, headers, ids, tally, application, checks)
    elapsed = time.monotonic() - started
    print(
        f"\nschemathesis {schemathesis.__version__}: {len(tally.operations)} operations, {tally.cases} cases, "
        f"roles {', '.join(ROLES)}, statuses {dict(sorted(tally.statuses.items()))}, "
        f"{len(tally.server_errors)} server errors, {len(tally.violations)} schema violations, {elapsed:.0f}s"
    )
    problems = named + tally.server_errors + tally.violations
    assert not problems, f"{len(problems)} contract failures:\n" + "\n\n".join(problems[:40])


def _check_named_operations(schema, app, headers, checks):
    """The disagreements the outside tester named, on real rows: each answers 200 and matches the schema."""
    from dragonfly.tenancy.models import Workspace
    from productions.models import Production

    workspace = Workspace.objects.filter(organization__slug=ORG).order_by("pk").first()
    production = Production.objects.filter(workspace=workspace).order_by("pk").first()
    named = [
        ("/api/productions/{id}/health/", {"id": production.pk}, {}),
        ("/api/productions/{id}/summary/", {"id": production.pk}, {}),
        ("/api/people/hours-report/", {}, {"workspace": workspace.pk, "start": "2027-01-01", "end": "2027-12-31"}),
        ("/api/assets/", {}, {"limit": 200}),
        ("/api/people/certifications/", {}, {"limit": 200}),
    ]
    from schemathesis.core.failures import FailureGroup

    problems = []
    for path, path_parameters, query in named:
        case = schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
        response = case.call(app=app, headers=headers)
        try:
            assert response.status_code == 200, response.status_code
            case.validate_response(response, checks=checks, headers=headers)
        except (FailureGroup, Exception) as exc:  # noqa: BLE001 - reported with the fuzzing results
            problems.append(f"GET {path} (named): {str(exc)[:1500]}")
    return problems


@contextlib.contextmanager
def _connections_kept_open():
    """The WSGI app closes the database connection after each request, and with it the test's
    transaction (PostgreSQL); Django's test client unhooks the same signal handler."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _rest_framework(**changes):
    from django.conf import settings

    return {**settings.REST_FRAMEWORK, **changes}
