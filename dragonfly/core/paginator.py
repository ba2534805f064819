"""The one paginator of every list (app pages and the admin): it never counts a whole table and a
deep page costs what page 1 costs, at a million rows as at a thousand.

- **Capped count**: `SELECT COUNT(*) FROM (SELECT id … LIMIT CAP + 1)`. Past the cap a list says
  "more than 10,000" and pages on as far as the cap reaches; its filters narrow it.
- **Deferred join** past page 1: `WHERE id IN (SELECT id … ORDER BY … LIMIT 25 OFFSET n)`. The
  inner query walks the ordering's index reading ids only; the outer one builds the page's 25
  rows with their joins and annotations. A plain OFFSET builds and throws away n joined rows.
  Still one query, so a page's query count does not depend on which page it is.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _


class ListPaginator(Paginator):
    CAP = 10_000

    @cached_property
    def counted(self) -> int:
        """The rows, counted up to CAP + 1 (one more than the cap says there are more)."""
        # An API page of `.values()` rows (core.viewsets) is counted on its list's own queryset:
        # len() of it would read every row.
        object_list = getattr(self.object_list, "count_on", self.object_list)
        if not isinstance(object_list, models.QuerySet):
            return len(object_list)
        # Only ids in the inner query: no annotation (a line count, a total) computed for 10,001 rows.
        return object_list.order_by().values("pk")[: self.CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.CAP)  # pages reach as far as the cap; filters narrow the rest

    @property
    def capped(self) -> bool:
        return self.counted > self.CAP

    @property
    def count_label(self) -> str:
        """ "1,234", or "more than 10,000" when the count stopped at the cap."""
        label = number_format(self.count, force_grouping=True)
        return _("more than %(count)s") % {"count": label} if self.capped else label

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom and deferrable(self.object_list):
            return self._get_page(deferred_slice(self.object_list, bottom, top), number, self)
        return self._get_page(self.object_list[bottom:top], number, self)


def deferrable(queryset) -> bool:
    """A deferred join keeps the rows and their order for an ordered, plain queryset; a DISTINCT
    (the ordering's columns join the ids) or a UNION keeps its plain slice."""
    return (
        isinstance(queryset, models.QuerySet)
        and queryset.ordered
        and not queryset.query.distinct
        and not queryset.query.combinator
    )


def deferred_slice(queryset, start: int, stop: int):
    """`queryset[start:stop]` as one query that picks the ids first (see the module's note)."""
    # The base class's slicing: a queryset that fetches its own slices another way (advancing's
    # QueuePageQuerySet, in two queries) must leave this inner one lazy.
    ids = models.QuerySet.__getitem__(queryset.values("pk"), slice(start, stop))
    return queryset.filter(pk__in=ids)
