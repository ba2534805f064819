from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dragonfly.notifications"
    label = "notifications"
    verbose_name = "Notifications"
