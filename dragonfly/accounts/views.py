from copy import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from dragonfly.core.pages import form_page
from dragonfly.notifications.bounces import active_suppression
from dragonfly.notifications.kinds import KINDS, SMS_KINDS
from dragonfly.tenancy.access import is_org_admin

from .admin_area_views import finance_on
from .forms import OrganizationSettingsForm, ProfileForm, modules_switched_off
from .models import profile_for
from .services import update_organization_settings, update_profile


def profile_view(request):
    user = request.user
    profile = profile_for(user)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": profile.phone,
        "timezone": profile.timezone,
        "language": profile.language,
        "theme": profile.theme,
        "inapp_kinds": [k for k in KINDS if profile.wants_in_app(k)],
        "email_kinds": [k for k in KINDS if profile.wants_email(k)],
        "digest_kinds": list(profile.email_digest_kinds),
        "sms_kinds": [k for k in SMS_KINDS if profile.wants_sms(k)],
    }
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    form.user = user
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        update_profile(
            user,
            actor=user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            email_kinds=data["email_kinds"],
            all_kinds=list(KINDS),
            avatar=data.get("avatar"),
            digest_kinds=data["digest_kinds"],
            sms_kinds=data["sms_kinds"],
            inapp_kinds=data["inapp_kinds"],
            timezone=data["timezone"],
            language=data["language"],
            theme=data["theme"] or None,  # left out of the form: keep the one chosen
        )
        # Said in the language just chosen: the next page speaks it already.
        with translation.override(data["language"] or translation.get_language_from_request(request)):
            messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    context = {"form": form, "profile": profile, "suppression": active_suppression(user)}
    return render(request, "accounts/profile.html", context)


def organization_settings_view(request):
    workspace = request.workspace
    if not workspace:
        raise PermissionDenied(_("You are not a member of any organization."))
    organization = workspace.organization
    if not is_org_admin(request.user, organization):
        raise PermissionDenied(_("Only organization admins (Phantom or Legend) may change organization settings."))
    # The form edits a copy: its posted values must not rename the heading of a page that refused them.
    form = OrganizationSettingsForm(request.POST or None, request.FILES or None, instance=copy(organization))

    def save(data):
        return update_organization_settings(
            organization,
            actor=request.user,
            name=data["name"],
            currency=data["currency"],
            timezone=data["timezone"],
            logo=data.get("logo_upload"),
            disabled_modules=modules_switched_off(data["modules"]) if data["modules_shown"] else None,
        )

    return form_page(
        request,
        form,
        save=save,
        template="accounts/organization_settings.html",
        context={"organization": organization, "finance_on": finance_on(request, organization)},
        redirect_to=lambda _result: "accounts:organization_settings",
        success=_("Organization settings saved."),
        versioned=organization,  # two admins saving the same settings: the second is told who changed what
    )
