"""Profile pages: a person's profile (public when its owner opened a section to the public), editing
one's own, one's work history, and endorsing a colleague. A view parses input, calls one service, renders."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.accounts.models import profile_for
from dragonfly.core.pages import action_page, form_page, initial_from, visible_or_404

from . import services
from .forms import SECTION_LABELS, HistoryEntryForm, ProfileForm
from .models import Endorsement, WorkHistoryEntry
from .selectors import profile_page


def my_profile(request):
    return redirect("profiles:detail", request.user.pk)


def _detail_url(user_id):
    return reverse("profiles:detail", args=[user_id])


@login_not_required
def profile_detail(request, user_id):
    """Anyone may ask; each section shows as its owner chose (nothing at all is a 404)."""
    owner = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    page = profile_page(request.user, owner)
    if page is None:
        raise Http404(_("No such profile."))
    privacy = [(label, getattr(page["profile"], f"get_{f}_display")()) for f, label in SECTION_LABELS.items()]
    return render(request, "profiles/profile.html", {**page, "privacy": privacy})


def edit_profile(request):
    profile = services.profile_of(request.user)
    initial = initial_from(profile, ("headline", "bio", *SECTION_LABELS))
    initial |= {"skills": ", ".join(profile.skills), "links": "\n".join(profile.links)}
    return form_page(
        request,
        ProfileForm(request.POST or None, request.FILES or None, initial=initial),
        save=lambda data: services.update_profile(request.user, actor=request.user, **data),
        template="profiles/profile_form.html",
        context={"photo": profile_for(request.user).avatar_id},
        redirect_to=lambda saved: _detail_url(request.user.pk),
        success=_("Your profile is saved."),
    )


@require_POST
def remove_photo(request):
    return action_page(
        request,
        lambda: services.remove_photo(request.user, actor=request.user),
        redirect_to=reverse("profiles:edit"),
        success=_("Your photo is removed."),
    )


@require_POST
def refresh_history(request):
    return action_page(
        request,
        lambda: services.refresh_work_history(request.user),
        redirect_to=_detail_url(request.user.pk),
        success=lambda added: _("Your work history is up to date with your assignments."),
    )


def add_history(request):
    return form_page(
        request,
        HistoryEntryForm(request.POST or None),
        save=lambda data: services.add_history_entry(actor=request.user, **data),
        template="profiles/history_form.html",
        context={"entry": None},
        redirect_to=lambda entry: _detail_url(request.user.pk),
        success=_("Added to your work history."),
    )


def edit_history(request, pk):
    entry = visible_or_404(WorkHistoryEntry, request.user, pk)
    services.require_own_history(entry, request.user)
    return form_page(
        request,
        HistoryEntryForm(request.POST or None, initial=initial_from(entry, services.HISTORY_FIELDS)),
        save=lambda data: services.update_history_entry(entry, actor=request.user, **data),
        template="profiles/history_form.html",
        context={"entry": entry},
        redirect_to=lambda saved: _detail_url(request.user.pk),
        success=_("Work history saved."),
    )


@require_POST
def remove_history(request, pk):
    entry = visible_or_404(WorkHistoryEntry, request.user, pk)
    return action_page(
        request,
        lambda: services.remove_history_entry(entry, actor=request.user),
        redirect_to=_detail_url(entry.user_id),
        success=_("Removed from your work history."),
    )


@require_POST
def endorse(request, user_id):
    owner = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    if profile_page(request.user, owner) is None:
        raise Http404(_("No such profile."))
    skill = request.POST.get("skill", "")
    return action_page(
        request,
        lambda: services.endorse(owner, actor=request.user, skill=skill),
        redirect_to=_detail_url(owner.pk),
        success=lambda e: _("You endorsed %(skill)s.") % {"skill": e.skill},
    )


@require_POST
def remove_endorsement(request, pk):
    endorsement = visible_or_404(Endorsement, request.user, pk)
    return action_page(
        request,
        lambda: services.remove_endorsement(endorsement, actor=request.user),
        redirect_to=_detail_url(endorsement.user_id),
        success=_("Endorsement removed."),
    )
