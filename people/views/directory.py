"""Crew directory, person page, crew records and teams."""

import datetime
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.csv_export import stream_csv
from dragonfly.core.pages import filtered, form_action, form_page, object_form
from dragonfly.core.picker import picker_results
from dragonfly.core.workspace_views import require_module
from dragonfly.tenancy.access import require

from .. import services
from ..filters import PersonFilter, search_people
from ..forms import CertificationForm, PersonForm, PositionForm, TeamForm, UnavailabilityForm, crew_choices
from ..models import (
    EXPIRY_LABELS,
    PERSONAL_DATA_PERM,
    Assignment,
    Certification,
    Person,
    Position,
    Team,
    TimeEntry,
    TrainingRecord,
    Unavailability,
    expiry_state,
)
from ..privacy import can_see_personal_data, personal_data_pks
from ._common import paginate, safe_querystring, tabs, visible_or_404

SEVERITY = {"expired": 3, "expires_7": 2, "expires_30": 1, "valid": 0}


def _directory(request, workspace):
    base = (
        Person.objects.visible_to(request.user)
        .in_workspace(workspace)
        .select_related("team")
        .order_by("last_name", "first_name", "id")
    )
    return filtered(request, base, PersonFilter)


def workspace_home(request, org_slug, ws_slug):
    """The crew directory: search and filters, certificate flags, personal data where allowed."""
    workspace = require_module(request, "people")
    user = request.user
    filterset, people, status = _directory(request, workspace)
    page = paginate(request, people)
    rows = list(page.object_list)
    personal = personal_data_pks(user, rows)
    flags = certificate_flags(rows)
    for person in rows:
        person.show_personal = person.pk in personal
        person.cert_flag = flags.get(person.pk)
    context = {
        "workspace": workspace,
        "filter_form": filterset.form,
        "page": page,
        "rows": rows,
        "querystring": safe_querystring(request),
        "filtered": filterset.is_bound,
        "can_add": user.has_perm("people.add_person", workspace),
        "any_personal": bool(personal),
        **tabs(workspace, user, "crew"),
    }
    return render(request, "people/directory.html", context, status=status)


def certificate_flags(people, today=None):
    """{person pk: worst state} for certificates that expired or expire within 30 days (one query)."""
    today = today or timezone.localdate()
    flags = {}
    soon = Certification.objects.filter(
        person__in=[p.pk for p in people], expires_on__lte=today + datetime.timedelta(days=30)
    ).values_list("person_id", "expires_on")
    for pid, expires_on in soon:
        state = expiry_state(expires_on, today)
        if SEVERITY[state] > SEVERITY.get(flags.get(pid), 0):
            flags[pid] = state
    return flags


def directory_export(request, org_slug, ws_slug):
    """The filtered directory as CSV; personal columns carry data only where the user may see it."""
    workspace = require_module(request, "people")
    filterset, people, status = _directory(request, workspace)
    if status != 200:
        return render(
            request, "people/directory.html", {"workspace": workspace, "filter_form": filterset.form}, status=status
        )
    allowed = set(
        Person.objects.visible_to(request.user, PERSONAL_DATA_PERM).in_workspace(workspace).values_list("pk", flat=True)
    )
    header = [
        _("First name"),
        _("Last name"),
        _("Job title"),
        _("Email"),
        _("Department"),
        _("Team"),
        _("Skills"),
        _("Active"),
    ]
    personal_header = [_("Phone"), _("Day rate"), _("Currency"), _("Emergency contact"), _("Emergency phone")]

    if allowed:
        header = header + personal_header

    def rows():
        for p in people.iterator(chunk_size=500):
            row = [
                p.first_name,
                p.last_name,
                p.job_title,
                p.email,
                p.department,
                p.team.name if p.team else "",
                p.skills,
                "yes" if p.active else "no",
            ]
            if allowed:
                show = p.pk in allowed
                row += (
                    [p.phone, p.day_rate, p.currency, p.emergency_contact_name, p.emergency_contact_phone]
                    if show
                    else ["", "", "", "", ""]
                )
            yield row

    return stream_csv(f"crew-{workspace.slug}.csv", header, rows())


def person_detail(request, pk, *, cert_form=None, away_form=None, status=200):
    person = visible_or_404(Person, request.user, pk, "team", "user", "workspace__organization")
    user = request.user
    workspace = person.workspace
    today = timezone.localdate()
    certs = list(Certification.objects.filter(person=person).select_related("document").order_by("kind", "-expires_on"))
    for cert in certs:
        cert.state = expiry_state(cert.expires_on, today)
        cert.state_label = EXPIRY_LABELS[cert.state]
    since = timezone.now() - datetime.timedelta(days=1)
    assignments = list(
        Assignment.objects.visible_to(user)
        .filter(person=person, end_time__gte=since)
        .select_related("position", "production", "event", "workspace__organization")
        .order_by("call_time", "id")[:20]
    )
    away = list(Unavailability.objects.visible_to(user).filter(person=person, end_date__gte=today)[:20])
    entries = []
    if user.has_perm("people.view_timeentry", person.workspace):
        entries = list(
            TimeEntry.objects.visible_to(user)
            .filter(person=person)
            .select_related("production", "event")
            .order_by("-work_date", "-id")[:10]
        )
    training = list(
        TrainingRecord.objects.visible_to(user)
        .filter(person=person)
        .select_related("session__course")
        .order_by("-session__date", "-id")[:20]
    )
    for record in training:
        record.state = expiry_state(record.expires_on, today) if record.expires_on else ""
    can_add_cert = user.has_perm("people.add_certification", person)
    can_add_away = user.has_perm("people.add_unavailability", person)
    context = {
        "person": person,
        "workspace": workspace,
        "show_personal": can_see_personal_data(user, person),
        "certs": certs,
        "assignments": assignments,
        "away": away,
        "entries": entries,
        "training": training,
        "can_open_training": user.has_perm("people.view_trainingsession", workspace),
        "can_edit": user.has_perm("people.change_person", person),
        "can_assign": user.has_perm("people.add_assignment", person),
        "can_remove_cert": user.has_perm("people.delete_certification", person),
        "can_remove_away": user.has_perm("people.delete_unavailability", person),
        "cert_form": (cert_form or CertificationForm()) if can_add_cert else None,
        "away_form": (away_form or UnavailabilityForm()) if can_add_away else None,
        **tabs(workspace, user, "crew"),
    }
    return render(request, "people/person_detail.html", context, status=status)


def person_new(request, org_slug, ws_slug):
    workspace = require_module(
        request, "people", "people.add_person", _("Your role does not add crew in this workspace.")
    )
    return _person_form(request, workspace, None)


def person_edit(request, pk):
    person = visible_or_404(Person, request.user, pk, "workspace__organization")
    require(request.user, "people.change_person", person, _("You may not edit this crew record."))
    return _person_form(request, person.workspace, person)


def _person_form(request, workspace, person):
    user = request.user
    return object_form(
        request,
        PersonForm(request.POST or None, user=user, workspace=workspace, instance=person),
        person,
        create=partial(services.create_person, workspace, actor=user),
        update=partial(services.update_person, actor=user),
        template="people/person_form.html",
        context={"workspace": workspace, "person": person, **tabs(workspace, user, "crew")},
        redirect_to=_person_url,
        success=lambda saved: (
            (_("%(name)s added to the crew.") if person is None else _("%(name)s saved.")) % {"name": saved.full_name}
        ),
    )


@require_POST
def certification_add(request, pk):
    person = visible_or_404(Person, request.user, pk, "workspace__organization")
    require(request.user, "people.add_certification", person, _("You may not add certificates for this person."))
    fields = ("kind", "name", "issuer", "number", "issued_on", "expires_on", "notes")
    return form_action(
        request,
        CertificationForm(request.POST, request.FILES),
        save=lambda data: services.add_certification(
            person, actor=request.user, document=data.get("document"), **{k: data[k] for k in fields}
        ),
        redisplay=lambda form, status: person_detail(request, pk, cert_form=form, status=status),
        redirect_to=_person_url(person),
        success=lambda cert: _("%(label)s certificate added.") % {"label": cert.label},
        upload_field="document",
    )


@require_POST
def certification_remove(request, pk):
    cert = visible_or_404(Certification, request.user, pk, "person")
    services.remove_certification(cert, actor=request.user)
    messages.success(request, _("%(label)s certificate removed.") % {"label": cert.label})
    return redirect("people:person_detail", cert.person_id)


@require_POST
def unavailability_add(request, pk):
    person = visible_or_404(Person, request.user, pk, "workspace__organization")
    require(request.user, "people.add_unavailability", person, _("You may not enter unavailability for this person."))
    return form_action(
        request,
        UnavailabilityForm(request.POST),
        save=lambda data: services.add_unavailability(person, actor=request.user, **data),
        redisplay=lambda form, status: person_detail(request, pk, away_form=form, status=status),
        redirect_to=_next_or(request, _person_url(person)),
        success=_("Unavailability saved."),
    )


@require_POST
def unavailability_remove(request, pk):
    away = visible_or_404(Unavailability, request.user, pk)
    services.remove_unavailability(away, actor=request.user)
    messages.success(request, _("Unavailability removed."))
    return redirect(_next_or(request, reverse("people:person_detail", args=[away.person_id])))


def _next_or(request, url):
    """The page the form came from (`next`, when it is on this site), else `url`."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    safe = bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if safe else url


def _person_url(person):
    return reverse("people:person_detail", args=[person.pk])


def teams(request, org_slug, ws_slug):
    workspace = require_module(request, "people")
    user = request.user
    can_add = user.has_perm("people.add_team", workspace)
    if request.method == "POST" and not can_add:
        raise PermissionDenied(_("Your role does not create teams in this workspace."))
    rows = (
        Team.objects.visible_to(user)
        .in_workspace(workspace)
        .select_related("lead")
        .annotate(size=Count("members"))
        .order_by("name", "id")
    )
    context = {"workspace": workspace, "page": paginate(request, rows), **tabs(workspace, user, "teams")}
    return form_page(
        request,
        TeamForm(request.POST or None, user=user, workspace=workspace) if can_add else None,
        save=lambda data: services.create_team(workspace, actor=user, **data),
        template="people/teams.html",
        context=context,
        redirect_to=lambda team: reverse("people:teams", args=[workspace.organization.slug, workspace.slug]),
        success=lambda team: _("Team %(team_name)s created.") % {"team_name": team.name},
    )


def positions(request, org_slug, ws_slug):
    """Positions of the workspace and the certificates each needs; admins add new ones."""
    workspace = require_module(request, "people")
    user = request.user
    can_add = user.has_perm("people.add_position", workspace)
    if request.method == "POST" and not can_add:
        raise PermissionDenied(_("Your role does not create positions in this workspace."))
    rows = Position.objects.visible_to(user).in_workspace(workspace).annotate(shifts=Count("assignments"))
    context = {
        "workspace": workspace,
        "page": paginate(request, rows.order_by("name", "id")),
        **tabs(workspace, user, "teams"),
    }
    return form_page(
        request,
        PositionForm(request.POST or None) if can_add else None,
        save=lambda data: services.create_position(workspace, actor=user, **data),
        template="people/positions.html",
        context=context,
        redirect_to=lambda position: reverse("people:positions", args=[workspace.organization.slug, workspace.slug]),
        success=lambda position: _("Position %(position_name)s created.") % {"position_name": position.name},
    )


def person_picker(request, org_slug, ws_slug):
    """The crew pickers' matches (a team's lead, the time filter's person): the workspace's active
    crew records the user sees, found by name, email, job title or skill."""
    workspace = require_module(request, "people")
    return picker_results(request, crew_choices(request.user, workspace), search=search_people)
