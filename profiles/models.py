"""A person's profile: bio, skills, links, work history and the skills colleagues endorse.

A profile belongs to a user, not to a workspace, and its owner decides per section who outside
their organization reads it (`Visibility`; querysets.py applies the choice). The photo is the
account's avatar (`accounts.Profile.avatar`, the public `avatars` bucket); phone, rates,
documents and emergency contacts stay in the people module and never leave the organization.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .querysets import SECTIONS, VISIBILITY_FIELDS, EndorsementQuerySet, ProfileQuerySet, WorkHistoryQuerySet


class Visibility(models.TextChoices):
    ORGANIZATION = "organization", _("Only my organization")
    MEMBERS = "members", _("Signed-in users of other organizations")
    PUBLIC = "public", _("Public")


def visibility_field(label):
    return models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.ORGANIZATION, verbose_name=label
    )


def production_link():
    """The production a row came from; the row stays when the production is deleted."""
    return models.ForeignKey(
        "productions.Production",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("production"),
    )


class MemberProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile", verbose_name=_("user")
    )
    headline = models.CharField(
        max_length=120, blank=True, help_text=_("e.g. “Touring lighting director”."), verbose_name=_("headline")
    )
    bio = models.TextField(blank=True, verbose_name=_("bio"))
    skills = models.JSONField(default=list, blank=True, verbose_name=_("skills"))
    links = models.JSONField(default=list, blank=True, verbose_name=_("links"))
    bio_visibility = visibility_field(_("who sees the bio"))
    skills_visibility = visibility_field(_("who sees the skills"))
    history_visibility = visibility_field(_("who sees the work history"))
    endorsements_visibility = visibility_field(_("who sees the endorsements"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = ProfileQuerySet.as_manager()

    SECTIONS = SECTIONS
    VISIBILITY_FIELDS = VISIBILITY_FIELDS

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")
        ordering = ["user_id"]

    def __str__(self):
        return str(self.user)

    def visibility(self, section):
        return getattr(self, f"{section}_visibility")


class HistorySource(models.TextChoices):
    MANUAL = "manual", _("Added by the person")
    ASSIGNMENTS = "assignments", _("From assignments")


class WorkHistoryEntry(models.Model):
    """A production someone worked on, in which roles: from their assignments and crew calls
    (`source_key` names the production or show, refreshed by services.refresh_work_history), or added by them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_history", verbose_name=_("user")
    )
    source = models.CharField(
        max_length=20, choices=HistorySource.choices, default=HistorySource.MANUAL, verbose_name=_("source")
    )
    source_key = models.CharField(max_length=40, blank=True, editable=False, verbose_name=_("source key"))
    production = production_link()
    title = models.CharField(max_length=200, verbose_name=_("production"))
    role = models.CharField(max_length=200, blank=True, verbose_name=_("role"))
    company = models.CharField(max_length=200, blank=True, verbose_name=_("company"))
    started_on = models.DateField(null=True, blank=True, verbose_name=_("from"))
    ended_on = models.DateField(null=True, blank=True, verbose_name=_("until"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    # An entry from assignments its owner removed: kept (hidden) so the next refresh does not bring it back.
    hidden = models.BooleanField(default=False, verbose_name=_("hidden"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = WorkHistoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("work history entry")
        verbose_name_plural = _("work history entries")
        ordering = [F("ended_on").desc(nulls_first=True), "-started_on", "-id"]
        indexes = [models.Index(fields=["user", "ended_on"], name="history_user_ended")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source_key"], condition=~Q(source_key=""), name="history_once_per_source"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="history_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.user}"

    @property
    def from_assignments(self):
        return self.source == HistorySource.ASSIGNMENTS


class Endorsement(models.Model):
    """A colleague who worked on a production with `user` vouches for one of their skills."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="endorsements_received",
        verbose_name=_("endorsed person"),
    )
    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="endorsements_given",
        verbose_name=_("endorser"),
    )
    skill = models.CharField(max_length=40, verbose_name=_("skill"))
    # The production they worked on together when the endorsement was given (the reason it was allowed).
    production = production_link()
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["skill", "-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "endorser", "skill"], name="endorsement_once_per_skill"),
            models.CheckConstraint(condition=~Q(user=F("endorser")), name="endorsement_not_of_oneself"),
        ]

    def __str__(self):
        return f"{self.endorser} endorses {self.user}: {self.skill}"
