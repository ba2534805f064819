import pytest

from . import stripe_stub


@pytest.fixture
def stripe_api(settings):
    """Stripe's API on a local port; the SDK is pointed at it through STRIPE_API_BASE."""
    stub = stripe_stub.start()
    settings.STRIPE_API_BASE = stub.url
    yield stub
    stub.shutdown()
    stub.server_close()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a request queued after its commit (the Celery tasks, in-process here): the test's
    transaction never commits, so the callbacks run when the block ends."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def hubspot_api(settings):
    """HubSpot's CRM API on a local port; the SDK is pointed at it through HUBSPOT_API_BASE."""
    from . import hubspot_stub

    stub = hubspot_stub.start()
    settings.HUBSPOT_API_BASE = stub.url
    yield stub
    stub.shutdown()
    stub.server_close()


@pytest.fixture
def analytics_api(settings):
    """PostHog's and Mixpanel's ingestion on a local port (POSTHOG_HOST, MIXPANEL_API_BASE)."""
    from . import analytics_stub

    stub = analytics_stub.start()
    settings.POSTHOG_HOST = stub.url
    settings.MIXPANEL_API_BASE = stub.url
    yield stub
    stub.shutdown()
    stub.server_close()
