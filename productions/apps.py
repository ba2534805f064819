from django.apps import AppConfig


class ProductionsConfig(AppConfig):
    name = "productions"
    verbose_name = "Productions"

    def ready(self):
        from . import notifications  # noqa: F401 (subscribes to production.moved, task.assigned, compliance.expiry_warning)
