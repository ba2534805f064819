from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = gettext_lazy("Jobs")

    def ready(self):
        from . import notifications  # noqa: F401 (registers the subscribers)
