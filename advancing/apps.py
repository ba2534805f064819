from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def restore_catalog(sender, **kwargs):
    """post_migrate: the catalog is reference data; a flushed database (transactional tests)
    gets it back, a database that has it is left alone."""
    from .catalog import load_catalog
    from .models import CatalogItem

    if not CatalogItem.objects.exists():
        load_catalog()


class AdvancingConfig(AppConfig):
    name = "advancing"
    verbose_name = _("Advancing")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(restore_catalog, sender=self, dispatch_uid="advancing.restore_catalog")

        from dragonfly.core.navigation import register_badge

        from .selectors import waiting_review_count

        register_badge("advancing", waiting_review_count)

        from assets.links import provide_catalog

        from . import extensions, notifications  # noqa: F401 (notifications subscribe to the advance.* events)
        from .models import CatalogItem

        provide_catalog(lambda: CatalogItem.objects.enabled())  # the entries an asset may fulfil
        extensions.register()  # the Advances tab and the advance totals of production pages

        from dragonfly.notifications import replies

        from .comments import comment_by_email

        # A reply to an advance's notification email is a comment on the advance (dragonfly/notifications/replies.py).
        replies.register("advancing.advance", "a", comment_by_email)

        from dragonfly.accounts.onboarding import register_step

        from .models import Advance, AdvanceStatus

        def advance_submitted(user, workspace):
            advances = Advance.objects.filter(organization_id=workspace.organization_id)
            return advances.exclude(status=AdvanceStatus.DRAFT).exists()

        register_step("advance", _("Submit a first advance"), advance_submitted, "advancing:new", order=30)

        from . import stock  # noqa: F401 (approving reserves the mapped stock: issue 22)
