"""Personal API tokens: django-rest-knox's hashed token (only a SHA-512 digest is stored, the secret is
shown once) with a name, scopes that narrow what the token may do, and the time of its last use."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class APITokenQuerySet(models.QuerySet):
    def live(self):
        now = timezone.now()
        return self.filter(models.Q(expiry__isnull=True) | models.Q(expiry__gt=now))

    def of_organization(self, organization):
        """Tokens of the organization's members (a token is its user's; it reaches what they reach)."""
        return self.filter(user__memberships__organization=organization).distinct()


class APIToken(AbstractAuthToken):
    public_id = models.UUIDField(_("id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    scopes = models.JSONField(
        _("scopes"), default=list, help_text=_("What the token may do, e.g. read or advancing:write.")
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = APITokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "-created"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()
