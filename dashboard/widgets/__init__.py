"""The widgets the dashboard ships with, one module per subject; importing them registers them
(DashboardConfig.ready). Registration order is the order of the built-in default dashboard."""

from . import work, schedule, money, people_assets  # noqa: F401  isort: skip
