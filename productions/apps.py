from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductionsConfig(AppConfig):
    name = "productions"
    verbose_name = _("Productions")

    def ready(self):
        from dragonfly.accounts.onboarding import register_step

        from .models import Production

        def any_production(user, workspace):
            return Production.objects.filter(workspace__organization_id=workspace.organization_id).exists()

        register_step("production", _("Create a production"), any_production, "productions:new", order=20)

        from .extensions import register_tab
        from .views.files_tab import production_files

        # The core's files panel, as a tab (the riders, plans and permits of the production).
        register_tab("files", _("Files"), perm="files.view_document", position=80, view=production_files)

        from dragonfly.notifications import replies

        from . import notifications  # noqa: F401 (subscribes to production.moved, task.assigned, compliance.expiry_warning)
        from .services.work import comment_by_email

        # A reply to a task's notification email is a comment on the task (dragonfly/notifications/replies.py).
        replies.register("productions.task", "t", comment_by_email)
