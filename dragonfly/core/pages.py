"""Small helpers every module's page views share, and the generic tenant page shapes.

A module's view says only what is particular to it: which rows (`visible_to` + related rows),
which filterset, form, service and template. The shapes below do the rest the same way
everywhere: a list is filtered and paginated (a bad filter shows no rows with 400), a form page
shows its form and calls one service on a valid POST, a refused move changes nothing and says why.
"""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from .errors import Conflict, DomainError
from .forms import label_choices
from .paginator import ListPaginator
from .versioning import StaleEdit, Versioned, expecting, posted_version

PER_PAGE = 25


def visible_or_404(model, user, pk, *related, perm=None):
    """One object the user may see (or hold `perm` on); anything else is a 404."""
    qs = model.objects.visible_to(user, perm)
    if related:
        qs = qs.select_related(*related)
    return get_object_or_404(qs, pk=pk)


def paginate(request, queryset, per_page=PER_PAGE):
    """One page of `queryset`: counted up to a cap, a deep page fetched by deferred join (ListPaginator)."""
    return ListPaginator(queryset, per_page).get_page(request.GET.get("page"))


def error_status(exc):
    """409 when the object's state forbids the move, 400 for other refused input."""
    return 409 if isinstance(exc, Conflict) else 400


def safe_querystring(request, drop=("page",)):
    """The current query string without `drop`, for links that keep the filters."""
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()


def clean_query(request, drop=("page",)):
    """The GET query without `drop` and without blank values: what a page's filter form is bound to."""
    query = request.GET.copy()
    for key in list(query):
        if key in drop or not any(value.strip() for value in query.getlist(key)):
            del query[key]
    return query


def initial_from(obj, names):
    """A form's initial values from an object's fields (a foreign key by its id)."""
    fields = {field.name: field for field in obj._meta.concrete_fields}
    return {name: getattr(obj, fields[name].attname if name in fields else name) for name in names}


# --- the generic tenant page shapes ----------------------------------------------------------------
def filter_data(request, keys):
    """The query string narrowed to the filter `keys` that carry a value (the page number, a view switch
    and blank fields stay out, so an empty form leaves the filterset unbound)."""
    data = request.GET.copy()
    for key in list(data):
        if key not in keys or not any(v.strip() for v in data.getlist(key)):
            del data[key]
    return data


def filtered(request, base, filterset_class, *, data=None, keys=None, **kwargs):
    """(filterset, rows, status) for a list page, an export or a count: bad filters give no rows and 400.

    The filterset is bound to `data` (default: the GET query, or with `keys` only those parameters
    that carry a value: `filter_data`) when there is any."""
    if data is None:
        data = request.GET if keys is None else filter_data(request, keys)
    filterset = filterset_class(data or None, queryset=base, request=request, **kwargs)
    label_choices(filterset.form)  # a filter's choices read like a form's (an event's date, a venue's city)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, base.none(), 400
    return filterset, filterset.qs, 200


def list_page(request, base, filterset_class, *, template, context, data=None, rows=None, hide=()):
    """A filtered, paginated list: `filter_form`, one `page` of rows and the `querystring` its links keep.

    `rows(objects)` may decorate the page's rows (one query for the page); `hide` names filter fields
    the page does not show (its workspace, say). A bad filter shows no rows with 400."""
    filterset, found, status = filtered(request, base, filterset_class, data=data)
    for name in hide:
        filterset.form.fields.pop(name, None)
    page = paginate(request, found)
    if rows is not None:
        page.object_list = rows(page.object_list)
    context = {**context, "page": page, "filter_form": filterset.form, "querystring": safe_querystring(request)}
    return render(request, template, context, status=status)


def carry_version(request, form, obj):
    """An edit form of `obj` (a `Versioned` row) carries the version it was opened on, in a hidden input
    that components/form.html renders: the posted one on a POST, else the row's. Returns the form."""
    if form is not None and isinstance(obj, Versioned):
        form.edit_read = posted_version(request.POST) if request.method == "POST" else None
        form.edit_version = form.edit_read if form.edit_read is not None else obj.version
    return form


@contextmanager
def saving_edit(form, obj):
    """Around a page's own save of `obj`: it goes through only on the version the form was opened on
    (`carry_version`); a stale one raises StaleEdit, kept on `form.edit_conflict` for the page to show
    (what changed, who, Reload / Save anyway). A form posted without a version saves as before."""
    try:
        with expecting(obj, getattr(form, "edit_read", None)):
            yield
    except StaleEdit as exc:
        form.edit_conflict = exc
        raise


def _say(request, success, result):
    if success:
        messages.success(request, success(result) if callable(success) else success)


def _try_save(form, save, field=None, refusal_field=None):
    """(result, None) when `save(cleaned_data)` went through; (None, status) when a rule refused it,
    the reason then on the form (a refused upload's on `field`, a refusing rule's on `refusal_field`)."""
    try:
        return save(form.cleaned_data), None
    except StaleEdit as exc:
        form.edit_conflict = exc  # components/form.html shows what changed, Reload and Save anyway
        return None, 409
    except DomainError as exc:
        form.add_error(refusal_field, str(exc))
        return None, error_status(exc)
    except ValidationError as exc:
        form.add_error(field, exc.messages)
        return None, 400


def form_page(request, form, *, save, template, context, redirect_to, success="", also=(), versioned=None):
    """A create/edit page: GET shows the form; a valid POST calls `save(cleaned_data)` (one service)
    and redirects to `redirect_to(result)`; a refusal becomes a form error with 400/409, nothing saved.

    `also` are formsets (lines) that must be valid with the form; `save` reads them itself. A page that
    shows its form only to those who may use it passes `form=None` to the others (a 403 before any POST).

    `versioned` is the object an edit page edits (a `Versioned` row): the form carries the version it
    was opened on, and a save on a stale version is refused (409) with who changed what, the input kept,
    and the choice to reload or save anyway (dragonfly.core.versioning)."""
    status = 200
    carry_version(request, form, versioned)
    if form is not None and request.method == "POST":
        status = 400
        if form.is_valid() and all(formset.is_valid() for formset in also):
            try:
                with saving_edit(form, versioned):
                    result, status = _try_save(form, save)
            except StaleEdit:  # stale before any save was tried
                result, status = None, 409
            if status is None:
                _say(request, success, result)
                return redirect(redirect_to(result))
    return render(request, template, {**context, "form": form}, status=status)


def object_form(request, form, obj, *, create, update, template, context, redirect_to, success=""):
    """The page that adds an object (`obj` None: `create(**fields)`) or edits one (`update(obj, **fields)`),
    the fields being the form's own; otherwise a form_page (an edit checks the version it was opened on)."""

    def save(data):
        fields = {name: data[name] for name in form.fields}
        return create(**fields) if obj is None else update(obj, **fields)

    return form_page(
        request,
        form,
        save=save,
        template=template,
        context=context,
        redirect_to=redirect_to,
        success=success,
        versioned=obj,
    )


def with_defaults(request, **defaults):
    """The GET query with `defaults` for the keys it does not name (a list that opens on open jobs)."""
    query = request.GET.copy()
    for key, value in defaults.items():
        if key not in query:
            query[key] = value
    return query


def form_action(
    request, form, *, save, redisplay, redirect_to, success="", upload_field=None, refusal_field=None, versioned=None
):
    """A form posted from the page that shows it (a line, a contact, a tab's add form, an upload): a
    valid form calls `save(cleaned_data)`, says `success` and redirects; an invalid one or a refusal
    shows the page again through `redisplay(form, status)` with the reason on the form, nothing saved.
    `upload_field` names the field a refused upload's reason goes to, `refusal_field` the field a
    refusing rule's (DomainError) goes to (default: the form as a whole). `versioned`: as form_page's
    (the page that shows the form passes it through `carry_version` too)."""
    carry_version(request, form, versioned)
    if not form.is_valid():
        return redisplay(form, 400)
    try:
        with saving_edit(form, versioned):
            result, status = _try_save(form, save, upload_field, refusal_field)
    except StaleEdit:  # stale before any save was tried
        result, status = None, 409
    if status is not None:
        return redisplay(form, status)
    _say(request, success, result)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def action_page(request, call, *, redirect_to, success="", on_refusal=None):
    """A POST button that runs one service (a status move, a delete): success → message + redirect;
    a refusal → `on_refusal(exc)` (re-render with the error) or a message + redirect, nothing changed."""
    try:
        result = call()
    except DomainError as exc:
        if on_refusal is not None:
            return on_refusal(exc)
        messages.error(request, str(exc))
        return redirect(redirect_to(None) if callable(redirect_to) else redirect_to)
    _say(request, success, result)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)
