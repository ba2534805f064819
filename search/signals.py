"""Saves and deletes of searchable rows keep their index entries current, inside the same transaction
(a rolled-back save leaves the index as it was). Fixture loading (`raw`) is left to `reindex_search`."""

from . import services


def entry_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.index(instance)


def entry_deleted(sender, instance, **kwargs):
    services.unindex(instance)


def followed_saved(source, lookup):
    """A receiver re-indexing `source`'s rows that point at the saved row through `lookup`."""

    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:
            services.index_related(source, **{lookup: instance})

    return receiver
