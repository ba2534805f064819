"""Guessing at invitation links is slowed down: accept posts are counted per client address."""

import pytest
from django.core.cache import cache

from dragonfly.tenancy.invitations import hash_token, invite
from dragonfly.tenancy.roles import Role


@pytest.mark.django_db
def test_accept_posts_over_the_rate_are_refused_with_429(tenant_a, client, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "accept": "2/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    cache.clear()
    invitation = invite(
        tenant_a.org, actor=tenant_a.user(Role.PHANTOM), email="sam@crew.test", role=Role.RAIDER, base_url="http://x/"
    )
    assert invitation.pk
    link = "/invitations/accept/{}/"
    token = "known-token"
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    codes = [client.post(link.format(token), {"first_name": "Sam"}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]  # two tries with a bad form, then slowed down
    assert client.get(link.format(token)).status_code == 200  # reading the page is never counted
