"""The marketplace's own refusals. Views and the API turn them into a form error or a 400/409."""

from dragonfly.core.errors import Conflict, DomainError


class MarketplaceInvalid(DomainError):
    """The request breaks a rule of a listing, an order or a review (HTTP 400); nothing was saved."""

    code = "invalid_marketplace"


class OutOfStock(Conflict):
    """Fewer units are left than the order asks for (HTTP 409); nothing was reserved."""

    code = "out_of_stock"
