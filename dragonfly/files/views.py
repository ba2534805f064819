"""File pages: the files of a workspace, a document's versions and share links, the downloads, and
the public page of a share link. A view parses input, calls one service, renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dragonfly.core.pages import (
    action_page,
    carry_version,
    filtered,
    form_action,
    paginate,
    safe_querystring,
    visible_or_404,
)
from dragonfly.tenancy.access import display_name, workspace_of

from . import services
from .filters import DocumentFilter
from .forms import CompareForm, DocumentEditForm, DocumentForm, ShareForm, VersionForm
from .models import Attachment, Document
from .querysets import visible_object
from .serving import file_response

PER_PAGE = 25
INLINE_TYPES = {"application/pdf"}  # with the safe images (Attachment.is_image): shown in the browser


# --- downloads -------------------------------------------------------------------------------------
@require_GET
@login_not_required
def serve_public(request, pk):
    """Avatars and logos: public buckets, served to anyone."""
    attachment = get_object_or_404(Attachment, pk=pk, bucket__in=["avatars", "logos"])
    return _respond(attachment, private=False)


def _may_open_files_of(user, linked):
    """A linked model may ask more than seeing it for its files (an applicant's CV is personal data):
    its `attachment_perm`, else the plain view permission. Every download path asks this."""
    if linked is None:
        return
    perm = getattr(linked, "attachment_perm", None) or f"{linked._meta.app_label}.view_{linked._meta.model_name}"
    if not user.has_perm(perm, linked):
        raise Http404("No such file.")


def _visible_document(request, pk, *related):
    document = visible_or_404(Document, request.user, pk, *related)
    _may_open_files_of(request.user, document.content_object if document.content_type_id else None)
    return document


@require_GET
def serve_private(request, pk):
    """Private files: only to users who may see them; anyone else gets a 404. A document's version
    is seen by whoever sees the document (its object's visibility, and the object's file permission)."""
    attachment = get_object_or_404(Attachment, pk=pk)
    if attachment.document_id:
        _visible_document(request, attachment.document_id)
        return _respond(attachment)
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    _may_open_files_of(request.user, attachment.content_object if attachment.content_type_id else None)
    return _respond(attachment)


@require_GET
def current_version(request, pk):
    """The stable link of a document: always its current version."""
    document = _visible_document(request, pk, "current")
    if document.current is None:
        raise Http404("This file has no version.")
    return _respond(document.current)


@require_GET
def version_file(request, pk, version):
    document = _visible_document(request, pk)
    return _respond(get_object_or_404(document.versions, version=version))


def _respond(attachment, *, private=True):
    """The file itself: inline only for safe images and PDFs, anything else as a download, and the
    browser told never to guess another type (streamed from disk, or a redirect to the object store)."""
    inline = attachment.is_image or attachment.content_type_detected in INLINE_TYPES
    return file_response(attachment, inline=inline, private=private)


# --- the files of a workspace ----------------------------------------------------------------------
def workspace_files(request, org_slug, ws_slug, *, form=None, status=200):
    workspace = request.workspace  # the URL's workspace; another organization's is a 404 (middleware)
    request.filter_workspace = workspace
    base = Document.objects.visible_to(request.user).in_workspace(workspace)
    filterset, rows, filter_status = filtered(request, base, DocumentFilter, keys=("q", "category", "object_type"))
    rows = rows.select_related("category", "current__uploaded_by", "content_type").order_by("-updated_at", "-id")
    can_upload = request.user.has_perm("files.add_document", workspace)
    if form is None and can_upload:
        form = DocumentForm(organization=workspace.organization)
    return render(
        request,
        "files/files.html",
        {
            "workspace": workspace,
            "page": paginate(request, rows, PER_PAGE),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            "form": form if can_upload else None,
        },
        status=status if status != 200 else filter_status,
    )


@require_POST
def upload(request, org_slug, ws_slug):
    workspace = request.workspace
    if not request.user.has_perm("files.add_document", workspace):
        raise PermissionDenied(_("Your role does not upload files in this workspace."))
    return form_action(
        request,
        DocumentForm(request.POST, request.FILES, organization=workspace.organization),
        save=lambda data: services.create_document(workspace, actor=request.user, upload=data.pop("file"), **data),
        redisplay=lambda form, status: workspace_files(request, org_slug, ws_slug, form=form, status=status),
        redirect_to=lambda document: document.get_absolute_url(),
        success=lambda document: _("“%(title)s” uploaded.") % {"title": document.title},
        upload_field="file",
    )


# --- one document: versions, compare, restore, share -----------------------------------------------
def _document(request, pk):
    return visible_or_404(Document, request.user, pk, "workspace__organization", "category", "content_type")


def document_detail(request, pk, *, edit_form=None, version_form=None, share_form=None, new_link="", status=200):
    document = _document(request, pk)
    user = request.user
    versions = list(document.versions.select_related("uploaded_by", "restored_from").order_by("-version"))
    for v in versions:
        v.uploader = display_name(v.uploaded_by) if v.uploaded_by_id else "—"
    can = {
        "change": user.has_perm("files.change_document", document),
        "share": user.has_perm("files.add_sharelink", document),
        "revoke": user.has_perm("files.change_sharelink", document),
    }
    links = document.share_links.select_related("created_by", "revoked_by").prefetch_related("accesses")
    return render(
        request,
        "files/document.html",
        {
            "document": document,
            "workspace": document.workspace,
            "linked": document.content_object if document.content_type_id else None,
            "versions": versions,
            "compare": _compare(request, versions),
            "can": can,
            "edit_form": edit_form
            or (carry_version(request, _edit_form(document), document) if can["change"] else None),
            "version_form": version_form or (VersionForm() if can["change"] else None),
            "share_form": share_form or (ShareForm() if can["share"] else None),
            "links": list(links) if can["share"] or can["revoke"] else [],
            "new_link": new_link,
        },
        status=status,
    )


def _compare(request, versions):
    """Two versions side by side (?a=&b=), or None; an unknown number is a form error."""
    if "a" not in request.GET:
        return None
    form = CompareForm(request.GET)
    by_number = {v.version: v for v in versions}
    if form.is_valid():
        a, b = by_number.get(form.cleaned_data["a"]), by_number.get(form.cleaned_data["b"])
        if a is not None and b is not None:
            # The last item marks a time, which the template formats (`|date`, the reader's time zone).
            rows = [
                (_("File name"), a.original_name, b.original_name, False),
                (_("Type"), a.content_type_detected, b.content_type_detected, False),
                (_("Size (bytes)"), a.size, b.size, False),
                (_("Uploaded by"), a.uploader, b.uploader, False),
                (_("Uploaded"), a.created_at, b.created_at, True),
                (_("Note"), a.note or "—", b.note or "—", False),
            ]
            rows = [(label, x, y, x != y, is_time) for label, x, y, is_time in rows]
            return {"form": form, "a": a, "b": b, "rows": rows}
        form.add_error(None, _("This file has no such version."))
    return {"form": form}


def _edit_form(document, data=None):
    return DocumentEditForm(
        data,
        organization=document.workspace.organization,
        initial={"title": document.title, "category": document.category_id},
    )


@require_POST
def edit_document(request, pk):
    document = _document(request, pk)
    if not request.user.has_perm("files.change_document", document):
        raise PermissionDenied(_("You may not edit this file."))
    return form_action(
        request,
        _edit_form(document, request.POST),
        save=lambda data: services.update_document(document, actor=request.user, **data),
        redisplay=lambda form, status: document_detail(request, pk, edit_form=form, status=status),
        redirect_to=document.get_absolute_url(),
        success=lambda saved: _("“%(title)s” saved.") % {"title": saved.title},
        versioned=document,
    )


@require_POST
def new_version(request, pk):
    document = _document(request, pk)
    if not request.user.has_perm("files.change_document", document):
        raise PermissionDenied(_("You may not upload new versions of this file."))
    return form_action(
        request,
        VersionForm(request.POST, request.FILES),
        save=lambda data: services.add_version(document, actor=request.user, upload=data["file"], note=data["note"]),
        redisplay=lambda form, status: document_detail(request, pk, version_form=form, status=status),
        redirect_to=document.get_absolute_url(),
        success=lambda version: _("Version %(version)s is now current.") % {"version": version.version},
        upload_field="file",
    )


@require_POST
def restore(request, pk, version):
    document = _document(request, pk)
    if not request.user.has_perm("files.change_document", document):
        raise PermissionDenied(_("You may not restore versions of this file."))
    return action_page(
        request,
        lambda: services.restore_version(document, actor=request.user, version=version),
        redirect_to=document.get_absolute_url(),
        success=lambda restored: (
            _("Version %(old)s restored as version %(new)s.") % {"old": version, "new": restored.version}
        ),
    )


@require_POST
def share(request, pk):
    document = _document(request, pk)
    if not request.user.has_perm("files.add_sharelink", document):
        raise PermissionDenied(_("You may not share this file outside the organization."))
    form = ShareForm(request.POST)
    if not form.is_valid():
        return document_detail(request, pk, share_form=form, status=400)
    _link, token = services.share_document(document, actor=request.user, days=form.cleaned_data["days"])
    # Shown once, on this answer: only the token's hash is kept.
    url = request.build_absolute_uri(reverse("files:shared", args=[token]))
    return document_detail(request, pk, new_link=url, status=201)


@require_POST
def revoke(request, pk, link_pk):
    document = _document(request, pk)
    link = get_object_or_404(document.share_links, pk=link_pk)
    if not request.user.has_perm("files.change_sharelink", document):
        raise PermissionDenied(_("You may not revoke this link."))
    return action_page(
        request,
        lambda: services.revoke_share(link, actor=request.user),
        redirect_to=document.get_absolute_url(),
        success=_("The link no longer opens the file."),
    )


# --- a file attached to an object (the files panel's upload) ---------------------------------------
@require_POST
def attach(request, content_type_id, object_id):
    """Upload a file to a business object: the object must be one the user sees (404 otherwise)."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    obj = visible_object(content_type, object_id, request.user) if content_type else None
    if obj is None:
        raise Http404("No such thing to attach a file to.")
    workspace = workspace_of(obj)
    if workspace is None or not request.user.has_perm("files.add_document", workspace):
        raise PermissionDenied(_("Your role does not upload files in this workspace."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else reverse("home")
    form = DocumentForm(request.POST, request.FILES, organization=workspace.organization)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = services.create_document(
                workspace, actor=request.user, upload=data.pop("file"), attach_to=obj, **data
            )
        except (services.UploadRefused, services.DomainError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("“%(title)s” uploaded.") % {"title": document.title})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(back)


# --- the public page of a share link ---------------------------------------------------------------
@require_GET
@login_not_required
def shared(request, token):
    """A file shared outside the organization. An unknown token is a 404, a dead link a 410; neither is
    logged with its URL (the token is the key), and neither records an opening."""
    try:
        link = services.open_share(
            token, ip=request.META.get("REMOTE_ADDR"), user_agent=request.headers.get("User-Agent", "")
        )
    except services.ShareGone:
        return _quiet(render(request, "files/share_gone.html", status=410))
    if link is None:
        return _quiet(render(request, "errors/404.html", status=404))
    response = _respond(link.document.current)
    response["Referrer-Policy"] = "no-referrer"
    return response


def _quiet(response):
    # Django's request logger writes the path of every 4xx answer; this path carries the token.
    response._has_been_logged = True
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response
