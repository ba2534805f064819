from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealtimeConfig(AppConfig):
    name = "dragonfly.realtime"
    label = "realtime"
    verbose_name = _("Realtime")

    def ready(self):
        from django.db.models.signals import post_save

        from dragonfly.activity.models import ActivityEntry
        from dragonfly.core.events import subscribe
        from dragonfly.notifications.models import Notification

        from . import fanout

        subscribe("*")(fanout.push_event)  # after commit: never for a change that was rolled back
        subscribe("*", in_transaction=True)(fanout.note_entry)
        post_save.connect(fanout.activity_saved, sender=ActivityEntry, dispatch_uid="realtime.activity")
        post_save.connect(fanout.notification_saved, sender=Notification, dispatch_uid="realtime.notification")
