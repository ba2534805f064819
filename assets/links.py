"""What the assets pages borrow from a module above them, without importing it.

An asset may name the advancing catalog entry it fulfils (Asset.catalog_item). Which entries
may be chosen is the advancing module's business: it registers them here in its
AppConfig.ready() (`provide_catalog`), so assets imports nothing of advancing.
"""

_catalog = None


def provide_catalog(entries):
    """Register `entries()`: the queryset of catalog entries an asset may link to."""
    global _catalog
    _catalog = entries


def catalog_entries():
    """The catalog entries an asset may link to; none when no module has registered them."""
    if _catalog is None:
        from .models import Asset

        return Asset._meta.get_field("catalog_item").related_model.objects.none()
    return _catalog()
