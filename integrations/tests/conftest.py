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
def twilio_api(settings):
    """Twilio's API on a local port; the SDK is pointed at it through TWILIO_API_BASE."""
    from . import twilio_stub

    stub = twilio_stub.start()
    settings.TWILIO_API_BASE = stub.url
    yield stub
    stub.shutdown()
    stub.server_close()


@pytest.fixture
def hubspot_api(settings):
    """HubSpot's CRM API on a local port; the SDK is pointed at it through HUBSPOT_API_BASE."""
    from . import hubspot_stub

    stub = hubspot_stub.start()
    settings.HUBSPOT_API_BASE = stub.url
    yield stub
    stub.shutdown()
    stub.server_close()


@pytest.fixture(scope="session")
def radicale_server(tmp_path_factory):
    """One real Radicale (CalDAV) server for the session; each test makes its own calendar."""
    from . import radicale_server as server

    running = server.start(tmp_path_factory.mktemp("radicale"))
    yield running
    running.stop()


@pytest.fixture
def radicale(radicale_server, settings):
    settings.CALDAV_ALLOW_PRIVATE_URLS = True  # the server is on 127.0.0.1
    return radicale_server


@pytest.fixture
def xero_api(settings):
    """Xero's identity and accounting APIs on a local port; the SDK and the token calls go there."""
    from . import xero_stub

    stub = xero_stub.start()
    settings.XERO_CLIENT_ID, settings.XERO_CLIENT_SECRET = xero_stub.CLIENT_ID, xero_stub.CLIENT_SECRET
    settings.XERO_AUTHORIZE_URL = f"{stub.url}/identity/connect/authorize"
    settings.XERO_TOKEN_URL = f"{stub.url}/connect/token"
    settings.XERO_CONNECTIONS_URL = f"{stub.url}/connections"
    settings.XERO_API_BASE = f"{stub.url}/api.xro/2.0"
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


@pytest.fixture
def quickbooks_api(settings):
    """Intuit's token endpoint and QuickBooks Online's v3 API on a local port; the SDK's base URL goes there."""
    from . import quickbooks_stub

    stub = quickbooks_stub.start()
    settings.QUICKBOOKS_CLIENT_ID = quickbooks_stub.CLIENT_ID
    settings.QUICKBOOKS_CLIENT_SECRET = quickbooks_stub.CLIENT_SECRET
    settings.QUICKBOOKS_AUTHORIZE_URL = f"{stub.url}/connect/oauth2"
    settings.QUICKBOOKS_TOKEN_URL = f"{stub.url}/oauth2/v1/tokens/bearer"
    settings.QUICKBOOKS_API_BASE = f"{stub.url}/v3"
    yield stub
    stub.shutdown()
    stub.server_close()
