"""Abstract models every module may build on, and the core's one table: the idempotency keys of
submissions (`SubmissionKey`)."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleAnchor(models.Model):
    """No table: a module's `Module` model only carries the permission that opens the module for a role.

    class Module(ModuleAnchor):
        class Meta(ModuleAnchor.Meta):
            permissions = [("open_module", "Can open the Events module")]
    """

    class Meta:
        abstract = True
        managed = False
        default_permissions = ()

    def __str__(self):
        return str(self._meta.verbose_name)


# --- offline replays (dragonfly.core.idempotency) --------------------------------------------------------
class SubmissionKey(models.Model):
    """A submission a user made under an idempotency key, and what it answered: a phone that sends the
    same form again (a replay after being offline, a retry after a lost answer) gets the same answer
    and makes nothing twice. Removed by the weekly clean-up after a week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    result = models.JSONField(_("result"), encoder=DjangoJSONEncoder, default=dict)

    class Meta:
        verbose_name = _("submission key")
        verbose_name_plural = _("submission keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_submission_key_once_per_user")]

    def __str__(self):
        return self.key
