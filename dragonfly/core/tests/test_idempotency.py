"""Submissions made once (dragonfly.core.idempotency): a phone that sends the same submission twice
under one key makes one thing and hears the first answer again; another user's key is theirs; a
refused submission keeps no key; keys go after a week with the weekly clean-up."""

import datetime

import pytest
from django.utils import timezone

from dragonfly.core.cleanup import run_cleanup
from dragonfly.core.errors import DomainError
from dragonfly.core.idempotency import InvalidKey, clean_key, once
from dragonfly.core.models import SubmissionKey
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
KEY = "7f0c2a4e-9a51-4d0f-9b8e-2f4a1c3d5e6f"


class Counter:
    def __init__(self):
        self.made = []

    def __call__(self):
        self.made.append(len(self.made) + 1)
        return {"made": self.made[-1]}


def run(user, key, action):
    return once(user, key, action, keep=lambda result: result, replay=lambda kept: {**kept, "replayed": True})


def test_the_same_key_twice_runs_once_and_answers_the_first_result(tenant_a):
    user, make = tenant_a.user(Role.RAIDER), Counter()
    assert run(user, KEY, make) == {"made": 1}
    assert run(user, KEY, make) == {"made": 1, "replayed": True}
    assert make.made == [1]
    assert SubmissionKey.objects.get(user=user, key=KEY).result == {"made": 1}


def test_another_users_same_key_is_independent(tenant_a, tenant_b):
    make = Counter()
    run(tenant_a.user(Role.RAIDER), KEY, make)
    assert run(tenant_b.user(Role.RAIDER), KEY, make) == {"made": 2}
    assert make.made == [1, 2] and SubmissionKey.objects.filter(key=KEY).count() == 2


def test_without_a_key_every_submission_runs(tenant_a):
    user, make = tenant_a.user(Role.RAIDER), Counter()
    run(user, None, make)
    run(user, "", make)
    assert make.made == [1, 2] and not SubmissionKey.objects.exists()


def test_a_refused_submission_keeps_no_key_so_it_may_be_sent_again(tenant_a):
    user, make = tenant_a.user(Role.RAIDER), Counter()

    def refused():
        raise DomainError("No.")

    with pytest.raises(DomainError):
        run(user, KEY, refused)
    assert not SubmissionKey.objects.exists()
    # a result `keep` declines (a form shown again) keeps none either
    assert once(user, KEY, make, keep=lambda result: None, replay=dict) == {"made": 1}
    assert not SubmissionKey.objects.exists()
    assert run(user, KEY, make) == {"made": 2}


@pytest.mark.parametrize("bad", ["short", "x" * 101, "has space inside", "<script>", 42])
def test_a_malformed_key_is_refused_before_anything_runs(tenant_a, bad):
    make = Counter()
    with pytest.raises(InvalidKey):
        run(tenant_a.user(Role.RAIDER), bad, make)
    assert make.made == []


def test_clean_key_accepts_a_uuid_and_blank():
    assert clean_key(f" {KEY} ") == KEY
    assert clean_key("") is None and clean_key(None) is None


def test_the_weekly_cleanup_removes_keys_older_than_a_week(tenant_a):
    user = tenant_a.user(Role.RAIDER)
    old = SubmissionKey.objects.create(user=user, key="old-key-1234", result={"redirect": "/"})
    fresh = SubmissionKey.objects.create(user=user, key="fresh-key-1234", result={"redirect": "/"})
    SubmissionKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert run_cleanup(dry_run=True)["submission_keys"] == 1
    assert run_cleanup()["submission_keys"] == 1
    assert list(SubmissionKey.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert run_cleanup()["submission_keys"] == 0
