import pytest


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    """Every files test stores into its own temporary directory."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path
