"""Global search's index: one row per searchable object, its text and (on PostgreSQL) its weighted
tsvector. The index only finds candidates; every hit is then checked against the model's
`visible_to(user)` (services.search), so a stale or missing row can hide a result, never leak one."""

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    object_type = models.CharField(_("type"), max_length=40)  # a registry key: "production", "task", ...
    object_id = models.CharField(_("object id"), max_length=64)  # text: files have uuid keys
    organization = models.ForeignKey(
        "tenancy.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    workspace = models.ForeignKey(
        "tenancy.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    # setweight(title, 'A') || setweight(body, 'B'), written by services.index_rows on PostgreSQL;
    # GIN-indexed by migration 0002.
    document = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["object_type", "object_id"]
        constraints = [models.UniqueConstraint(fields=["object_type", "object_id"], name="search_entry_unique")]
        indexes = [models.Index(fields=["organization", "object_type"], name="search_entry_org_type")]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id}: {self.title}"


class SearchWord(models.Model):
    """Every word of the titles (PostgreSQL only): where a typo ("stagehnd") or a word being typed
    ("forkl") finds the words it may mean, by trigram similarity over a GIN index (migration 0002).
    The vocabulary grows with the distinct words, not the rows, so a correction costs the same at a
    million rows; a word no title uses any more only widens a query a little."""

    word = models.CharField(_("word"), max_length=100, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


# `word % term` (similarity at least pg_trgm.similarity_threshold), served by the trigram GIN index;
# registered on this one field so the project needs no django.contrib.postgres app.
SearchWord._meta.get_field("word").register_lookup(TrigramSimilar)
