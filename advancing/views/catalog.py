"""The catalog: a browse page with categories and search-as-you-type, and the picker's search.

The catalog is global and readable by every signed-in user; only platform admins edit it
(in the admin), so there is no workspace check here.
"""

from django.db.models import Count
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from dragonfly.core.pages import paginate

from ..filters import CatalogFilter
from ..models import CATEGORIES, CatalogItem

PICKER_LIMIT = 12
CATEGORY_ORDER = {name: i for i, (name, _) in enumerate(CATEGORIES)}


def catalog(request):
    enabled = CatalogItem.objects.enabled()
    data = {k: v for k, v in request.GET.items() if k in ("category", "subcategory", "search") and v.strip()}
    filterset = CatalogFilter(data or None, queryset=enabled, request=request)
    status = 200
    if filterset.is_bound and not filterset.is_valid():
        status = 400
        items = enabled.none()
        chosen = ""
    else:
        items = filterset.qs
        chosen = data.get("category", "")
    page = paginate(request, items, 30)
    context = {
        "filter_form": filterset.form,
        "page": page,
        "search": data.get("search", ""),
        "chosen_category": chosen,
        "chosen_subcategory": data.get("subcategory", ""),
        "querystring": _querystring(data),
    }
    if request.htmx and request.htmx.target == "catalog-results":
        response = render(request, "advancing/_catalog_results.html", context, status=status)
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        return response
    categories = sorted(
        enabled.values("category").annotate(n=Count("id")).order_by(),
        key=lambda row: CATEGORY_ORDER.get(row["category"], 99),
    )
    subcategories = (
        list(enabled.filter(category=chosen).values("subcategory").annotate(n=Count("id")).order_by("subcategory"))
        if chosen
        else []
    )
    context.update(categories=categories, subcategories=subcategories, total=sum(c["n"] for c in categories))
    response = render(request, "advancing/catalog.html", context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def catalog_search(request):
    """The advance form's picker: enabled items matching `q`, as rows that add a line when clicked."""
    query = request.GET.get("q", "").strip()[:100]
    results = []
    if len(query) >= 2:
        filterset = CatalogFilter({"search": query}, queryset=CatalogItem.objects.enabled(), request=request)
        if filterset.is_valid():
            results = list(filterset.qs[:PICKER_LIMIT])
    return render(request, "advancing/_catalog_picker.html", {"query": query, "results": results})


def _querystring(data):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update(data)
    return query.urlencode()
