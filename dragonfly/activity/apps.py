from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "dragonfly.activity"
    label = "activity"
    verbose_name = "Activity log"
