"""Small helpers every module's page views share."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from .errors import Conflict

PER_PAGE = 25


def visible_or_404(model, user, pk, *related, perm=None):
    """One object the user may see (or hold `perm` on); anything else is a 404."""
    qs = model.objects.visible_to(user, perm)
    if related:
        qs = qs.select_related(*related)
    return get_object_or_404(qs, pk=pk)


def paginate(request, queryset, per_page=PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def error_status(exc):
    """409 when the object's state forbids the move, 400 for other refused input."""
    return 409 if isinstance(exc, Conflict) else 400


def safe_querystring(request, drop=("page",)):
    """The current query string without `drop`, for links that keep the filters."""
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()


# --- the generic tenant page shapes: a module's view says only what is particular to it ---
def filter_data(request, keys):
    """The query string narrowed to the filter `keys` that carry a value (the page number, a view switch
    and blank fields stay out, so an empty form leaves the filterset unbound)."""
    data = request.GET.copy()
    for key in list(data):
        if key not in keys or not any(v.strip() for v in data.getlist(key)):
            del data[key]
    return data


def filtered(request, base, filterset_class, *, keys=None, **kwargs):
    """(filterset, rows, status) for a list page, an export or a count: bad filters give no rows and 400.
    With `keys`, only those query parameters (with a value) reach the filterset (`filter_data`)."""
    data = request.GET if keys is None else filter_data(request, keys)
    filterset = filterset_class(data or None, queryset=base, request=request, **kwargs)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, base.none(), 400
    return filterset, filterset.qs, 200


def form_page(request, form, *, save, template, context, redirect_to, success=""):
    """A create/edit page: GET shows the form; a valid POST calls `save(cleaned_data)` (one service)
    and redirects to `redirect_to(result)`; a refusal becomes a form error with 400/409, nothing saved."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect, render

    from .errors import DomainError

    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = save(form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
                status = 400
            else:
                if success:
                    messages.success(request, success(result) if callable(success) else success)
                return redirect(redirect_to(result))
        else:
            status = 400
    return render(request, template, {**context, "form": form}, status=status)


def posted_form(request, form, *, save, rerender, redirect_to, success="", error_field=None):
    """A form posted from the page that shows it (a tab's add form, a detail page's upload): an invalid
    form → `rerender(form, 400)`; a refusal → the error on the form (on `error_field`, else the form)
    and `rerender(form, 400/409)`, nothing saved; else `save(cleaned_data)`, a message and a redirect."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from .errors import DomainError

    if not form.is_valid():
        return rerender(form, 400)
    try:
        result = save(form.cleaned_data)
    except DomainError as exc:
        form.add_error(error_field, str(exc))
        return rerender(form, error_status(exc))
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def action_page(request, call, *, redirect_to, success="", on_refusal=None):
    """A POST button that runs one service (a status move, a delete): success → message + redirect;
    a refusal → `on_refusal(exc)` (re-render with the error) or a message + redirect, nothing changed."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from .errors import DomainError

    try:
        result = call()
    except DomainError as exc:
        if on_refusal is not None:
            return on_refusal(exc)
        messages.error(request, str(exc))
        return redirect(redirect_to(None) if callable(redirect_to) else redirect_to)
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)
