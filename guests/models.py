"""Guest lists and accreditation of an event.

- An **Allotment** gives a named party (an artist, a promoter, the crew, a sponsor…) a number of
  places on an event's guest list; linked to a user, that user may ask for guests on it.
- A **GuestRequest** is one guest asked for on an allotment (a name, plus-ones, a note). The event's
  managers approve or decline it (GUEST_WORKFLOW); approval counts the guest and their plus-ones
  against the allotment's places. An approved guest gets a door code and a signed QR pass, and is
  checked in at the door (once, however often it is scanned: CheckIn keeps each submission's key).
- An **Accreditation** is a badge for one person (crew or guest) naming the zones of the event's venue
  they may enter; printed as a PDF.

Who sees what: the event's managers (`events.change_event` on the event) see and decide everything;
a requester sees only their own allotments and the requests on them; door staff
(`guests.checkin_guest`) see the approved guests of the events they work the door of.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.querysets import TenantQuerySet
from productions.wording import lazy_words

MANAGE_PERM = "events.change_event"  # who may manage the event manages its guest list
CHECKIN_PERM = "guests.checkin_guest"
MAX_PLUS_ONES = 20
DOOR_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed at the door
DOOR_CODE_LENGTH = 8


class PartyKind(models.TextChoices):
    ARTIST = "artist", _("Artist")
    PROMOTER = "promoter", _("Promoter")
    CREW = "crew", _("Crew")
    SPONSOR = "sponsor", _("Sponsor")
    PRESS = "press", _("Press")
    OTHER = "other", _("Other")


class AllotmentQuerySet(TenantQuerySet):
    def visible_q(self, access: Any, perm: str | None) -> Any:
        """The event's managers see every allotment; a requester their own."""
        return access.visible_q(self.model, MANAGE_PERM) | Q(user_id=access.user.pk)


class Allotment(Versioned):
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="guest_allotments", verbose_name=_("event")
    )
    party = models.CharField(
        max_length=120, help_text=_("Who the places are for, e.g. the headliner."), verbose_name=_("party")
    )
    kind = models.CharField(max_length=20, choices=PartyKind.choices, default=PartyKind.ARTIST, verbose_name=_("kind"))
    places = models.PositiveIntegerField(help_text=_("Guests and their plus-ones together."), verbose_name=_("places"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guest_allotments",
        help_text=_("May ask for guests on this allotment."),
        verbose_name=_("requester"),
    )
    notes = models.CharField(max_length=300, blank=True, verbose_name=_("notes"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "event__workspace"
    objects = AllotmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("guest list allotment")
        verbose_name_plural = _("guest list allotments")
        ordering = ["event_id", "party", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "party"], name="guest_allotment_party_once")]
        indexes = [models.Index(fields=["user", "event"], name="guest_allotment_user")]

    def __str__(self) -> str:
        return f"{self.party} ({self.places})"


class GuestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", pgettext_lazy("guest", "Approved")
    DECLINED = "declined", pgettext_lazy("guest", "Declined")


G = GuestStatus
# A request is decided once: approved (within the allotment) or declined. A declined guest can still be
# approved later (places freed up); an approved one declined (taken off the list) until checked in.
GUEST_TRANSITIONS = {
    G.REQUESTED: {G.APPROVED, G.DECLINED},
    G.APPROVED: {G.DECLINED},
    G.DECLINED: {G.APPROVED},
}
GUEST_WORKFLOW = Workflow(
    lazy_words(_("guest request")),
    GUEST_TRANSITIONS,
    states=lazy_words({G.APPROVED: pgettext_lazy("guest", "already approved")}),
    moves=lazy_words({G.APPROVED: pgettext_lazy("guest", "approved"), G.DECLINED: pgettext_lazy("guest", "declined")}),
    perms={"*": MANAGE_PERM},
    event_prefix="guest",
)


class GuestRequestQuerySet(TenantQuerySet):
    def visible_q(self, access: Any, perm: str | None) -> Any:
        """Managers see every request, a requester those on their own allotments; with `perm` =
        CHECKIN_PERM, the approved guests of the events the user works the door of."""
        if perm == CHECKIN_PERM:
            return access.visible_q(self.model, CHECKIN_PERM) & Q(status=GuestStatus.APPROVED)
        return access.visible_q(self.model, MANAGE_PERM) | Q(allotment__user_id=access.user.pk)

    def at_door(self, event: Any) -> GuestRequestQuerySet:
        return self.filter(event=event, status=GuestStatus.APPROVED)


def new_door_code() -> str:
    return "".join(secrets.choice(DOOR_CODE_ALPHABET) for _ in range(DOOR_CODE_LENGTH))


class GuestRequest(WorkflowModel):
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="guest_requests", verbose_name=_("event")
    )
    allotment = models.ForeignKey(
        Allotment, on_delete=models.CASCADE, related_name="requests", verbose_name=_("allotment")
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    plus_ones = models.PositiveSmallIntegerField(default=0, verbose_name=_("plus-ones"))
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))
    status = models.CharField(
        max_length=12, choices=GuestStatus.choices, default=GuestStatus.REQUESTED, verbose_name=_("status")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    door_code = models.CharField(
        max_length=12,
        default=new_door_code,
        help_text=_("Typed at the door when the QR code won't scan."),
        verbose_name=_("door code"),
    )
    checked_in_at = models.DateTimeField(null=True, blank=True, verbose_name=_("checked in at"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    plus_ones_in = models.PositiveSmallIntegerField(default=0, verbose_name=_("plus-ones checked in"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    workspace_path = "event__workspace"
    objects = GuestRequestQuerySet.as_manager()
    workflow = GUEST_WORKFLOW

    class Meta:
        verbose_name = _("guest request")
        verbose_name_plural = _("guest requests")
        ordering = ["name", "id"]
        permissions = [("checkin_guest", "Can check guests in at the door")]
        constraints = [models.UniqueConstraint(fields=["event", "door_code"], name="guest_door_code_once")]
        indexes = [
            models.Index(fields=["event", "status", "name"], name="guest_event_status_name"),
            models.Index(fields=["allotment", "status"], name="guest_allotment_status"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def party_size(self) -> int:
        """The guest and their plus-ones: the places an approval takes."""
        return 1 + self.plus_ones

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None


class CheckIn(models.Model):
    """One check-in submission at the door (who, with how many plus-ones). A replay of the same
    submission (an offline phone's queue) makes none: its idempotency key answers it first
    (dragonfly.core.idempotency)."""

    request = models.ForeignKey(
        GuestRequest, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("guest request")
    )
    plus_ones = models.PositiveSmallIntegerField(default=0, verbose_name=_("plus-ones"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "request__event__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.request_id} +{self.plus_ones}"


class AccreditationKind(models.TextChoices):
    CREW = "crew", _("Crew")
    ARTIST = "artist", _("Artist")
    GUEST = "guest", _("Guest")
    PRESS = "press", _("Press")
    VENDOR = "vendor", _("Vendor")


class AccreditationQuerySet(TenantQuerySet):
    def visible_q(self, access: Any, perm: str | None) -> Any:
        return access.visible_q(self.model, MANAGE_PERM)


class Accreditation(models.Model):
    """A badge: one person on one event, with the zones of the event's venue they may enter."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="accreditations", verbose_name=_("event")
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    role = models.CharField(
        max_length=100, blank=True, help_text=_("e.g. Stage manager, Photographer"), verbose_name=_("role")
    )
    kind = models.CharField(
        max_length=20, choices=AccreditationKind.choices, default=AccreditationKind.CREW, verbose_name=_("kind")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accreditations",
        verbose_name=_("user"),
    )
    guest = models.ForeignKey(
        GuestRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accreditations",
        verbose_name=_("guest"),
    )
    zones = models.ManyToManyField("locations.Zone", blank=True, related_name="accreditations", verbose_name=_("zones"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "event__workspace"
    objects = AccreditationQuerySet.as_manager()

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["event_id", "name", "id"]
        indexes = [models.Index(fields=["event", "name"], name="accreditation_event_name")]

    def __str__(self) -> str:
        return self.name
