import pytest


@pytest.fixture(autouse=True)
def _fresh_channel_layer(settings):
    """Each test starts with an empty channel layer: the in-memory one on SQLite runs, a Redis one
    (REDIS_URL) flushed of earlier tests' groups otherwise."""
    from asgiref.sync import async_to_sync
    from channels.layers import channel_layers, get_channel_layer

    channel_layers.backends.clear()
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        async_to_sync(layer.flush)()
    yield
    channel_layers.backends.clear()
