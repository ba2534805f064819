"""What gear cost (purchase value, maintenance cost) is finance data: who sees it, decided once.

The roles' defaults give VALUE_PERM to every role that reads assets except Passenger; pages,
the API serializers and the CSV export all ask `can_see_value`.
"""

VALUE_PERM = "assets.view_asset_value"


def can_see_value(user, obj):
    """`obj` is an asset, a maintenance record or a workspace."""
    return bool(user and user.is_authenticated and user.has_perm(VALUE_PERM, obj))
