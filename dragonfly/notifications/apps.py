from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "dragonfly.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.db.models.signals import post_save

        from dragonfly.core import hot

        from .models import Notification
        from .services import UNREAD_FIGURE, forget_unread, unread_count

        # The header's bell count is read on every page: one cached figure per user.
        hot.register(UNREAD_FIGURE, unread_count)

        def changed(sender, instance, **kwargs):  # a save outside the services too (the admin)
            forget_unread([instance.recipient_id])

        # No post_delete receiver on purpose: it would turn the weekly clean-up's one DELETE of old
        # read rows into a fetch of every row; deleting only read rows leaves the count as it was.
        post_save.connect(changed, sender=Notification, dispatch_uid="notifications.unread.saved")

        from anymail.signals import inbound, tracking

        from . import checks  # noqa: F401  (registers the email provider's start-up check)
        from .bounces import on_tracking_event
        from .replies import on_inbound_email

        # The providers' webhooks (hooks.py), normalized by anymail: bounces mark addresses, replies comment.
        tracking.connect(on_tracking_event, dispatch_uid="notifications.email.tracking")
        inbound.connect(on_inbound_email, dispatch_uid="notifications.email.inbound")
