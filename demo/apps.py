from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for every module (`seed_demo`): the top layer, the one place that knows them all."""

    name = "demo"
    verbose_name = "Demo data"
