"""What the assets services share: the permission check (the core's), re-exported."""

from dragonfly.tenancy.access import require  # noqa: F401 (re-exported for the services)
