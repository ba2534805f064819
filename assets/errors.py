"""The assets module's refusals; views and the API turn them into a message or a 400/409."""

from django.utils.translation import gettext as _

from dragonfly.core.errors import Conflict, DomainError, InvalidTransition


class AssetInvalid(DomainError):
    """The request breaks a rule of assets (bad dates, a kit of another workspace); nothing changed."""

    code = "invalid"


class NotReservable(DomainError):
    """An asset is in maintenance, lost or retired."""

    code = "not_reservable"


class DoubleBooking(Conflict):
    """An asset is already booked for some of the days asked for (HTTP 409)."""

    code = "double_booking"


class InvalidMove(Conflict):
    """Another booking stands in the way of a move: an asset is still out elsewhere (HTTP 409).

    A move the status table forbids raises the engine's InvalidTransition; the API code is the same."""

    code = "invalid_transition"


class ImportRefused(DomainError):
    """A CSV import with bad rows in "all or nothing" mode: nothing was imported."""

    code = "import_refused"

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(
            _("Nothing was imported: %(count)s row(s) have errors. Fix them, or import the valid rows only.")
            % {"count": len(self.errors)}
        )


__all__ = [
    "AssetInvalid",
    "Conflict",
    "DomainError",
    "DoubleBooking",
    "ImportRefused",
    "InvalidMove",
    "InvalidTransition",
    "NotReservable",
]


class StockShort(Conflict):
    """Fewer free assets of a category than asked for on those days (HTTP 409). `short` maps each
    request's key to how many assets are missing."""

    code = "stock_short"

    def __init__(self, message, short=None):
        self.short = dict(short or {})
        super().__init__(message)
