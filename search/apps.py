from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = gettext_lazy("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import sources  # noqa: F401  (registers what search finds)
        from .registry import sources as registered
        from .signals import entry_deleted, entry_saved, followed_saved

        # A save or a delete keeps the row's entry current (bulk updates wait for `reindex_search`).
        for source in registered():
            post_save.connect(entry_saved, sender=source.model, dispatch_uid=f"search-save-{source.key}")
            post_delete.connect(entry_deleted, sender=source.model, dispatch_uid=f"search-delete-{source.key}")
            for model, lookup in source.follows:
                receiver = followed_saved(source, lookup)
                post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"search-follow-{source.key}")
