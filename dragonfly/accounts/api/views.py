"""Settings and preferences over the API: the same services and rules as the settings pages.

`/api/settings/organizations/{org_slug}/` and `/api/settings/workspaces/{workspace_id}/`: what an organization's admins
set (another organization's id is a 404, a member who does not administer it gets 403 on a change);
`/api/preferences/`: the signed-in person's own preferences; `/api/preferences/email-bounce/`: whether
their address bounces (GET) and turning email back on (DELETE).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dragonfly.core.serializers import VersionField
from dragonfly.core.viewsets import ServiceUpdateMixin, TenantViewSet
from dragonfly.notifications.bounces import active_suppression, clear_suppression
from dragonfly.notifications.kinds import KINDS, SMS_KINDS
from dragonfly.notifications.models import SuppressionReason
from dragonfly.tenancy.access import is_timezone_name
from dragonfly.tenancy.models import CURRENCY_VALIDATOR, Organization, Workspace
from dragonfly.tenancy.roles import TOGGLEABLE_MODULES

from .. import services
from ..models import THEMES, profile_for

KIND_CHOICES = list(KINDS)  # one enum in the schema for both lists of kinds (settings.ENUM_NAME_OVERRIDES)
ZONE_ERROR = _("Choose a time zone such as Europe/London or America/New_York.")


def _modules_field():
    return serializers.ListField(
        child=serializers.ChoiceField(choices=TOGGLEABLE_MODULES),
        required=False,
        max_length=len(TOGGLEABLE_MODULES),
        help_text=_("Modules switched off: gone from the navigation, their pages and the API."),
    )


class OrganizationSettingsSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=200, required=False)
    currency = serializers.CharField(min_length=3, max_length=3, required=False, help_text=_("ISO 4217, such as EUR."))
    timezone = serializers.CharField(max_length=64, required=False)
    disabled_modules = _modules_field()
    version = VersionField()

    class Meta:
        model = Organization
        fields = ["id", "name", "slug", "currency", "timezone", "disabled_modules", "logo", "version"]
        read_only_fields = ["slug", "logo"]

    def validate_timezone(self, value):
        if not is_timezone_name(value):
            raise serializers.ValidationError(ZONE_ERROR)
        return value

    def validate_currency(self, value):
        CURRENCY_VALIDATOR(value.upper())
        return value.upper()

    def validate_name(self, value):
        if not value.strip():
            raise serializers.ValidationError(_("The organization needs a name."))
        return value


class WorkspaceSettingsSerializer(serializers.ModelSerializer):
    disabled_modules = _modules_field()
    version = VersionField()

    class Meta:
        model = Workspace
        fields = ["id", "organization", "name", "slug", "disabled_modules", "version"]
        read_only_fields = ["organization", "name", "slug"]


class OrganizationSettingsViewSet(mixins.RetrieveModelMixin, ServiceUpdateMixin, TenantViewSet):
    """An organization's settings: its members read them, its admins change them (PATCH)."""

    model = Organization
    serializer_class = OrganizationSettingsSerializer
    lookup_field = "slug"  # an organization is named by its slug in every URL
    lookup_url_kwarg = "org_slug"
    lookup_value_converter = "slug"
    http_method_names = ["get", "patch", "head", "options"]
    update_service = staticmethod(services.update_organization_settings)


def _update_workspace(workspace, *, actor, disabled_modules=None):
    if disabled_modules is None:
        disabled_modules = workspace.disabled_modules
    return services.update_workspace_settings(workspace, actor=actor, disabled_modules=disabled_modules)


class WorkspaceSettingsViewSet(mixins.RetrieveModelMixin, ServiceUpdateMixin, TenantViewSet):
    """A workspace's settings: the modules switched off there (on top of the organization's)."""

    model = Workspace
    serializer_class = WorkspaceSettingsSerializer
    lookup_url_kwarg = "workspace_id"
    http_method_names = ["get", "patch", "head", "options"]
    parent_field = "organization"
    update_service = staticmethod(_update_workspace)


class PreferencesSerializer(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=[("", _("The browser's"))] + list(settings.LANGUAGES), required=False, allow_blank=True
    )
    timezone = serializers.CharField(max_length=64, required=False, allow_blank=True)
    theme = serializers.ChoiceField(choices=THEMES, required=False)
    inapp_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=KIND_CHOICES),
        required=False,
        max_length=len(KINDS),
        help_text=_("Notification kinds shown in the app (the bell, the notifications page, the live toast)."),
    )
    email_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=KIND_CHOICES),
        required=False,
        max_length=len(KINDS),
        help_text=_("Notification kinds that also arrive by email."),
    )
    digest_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=KIND_CHOICES),
        required=False,
        max_length=len(KINDS),
        help_text=_("Kinds gathered into one daily email instead of a mail each."),
    )
    sms_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=SMS_KINDS),
        required=False,
        max_length=len(SMS_KINDS),
        help_text=_("Urgent kinds that also arrive by SMS, with SMS alerts on (a mobile number given)."),
    )

    def validate_timezone(self, value):
        if value and not is_timezone_name(value):
            raise serializers.ValidationError(ZONE_ERROR)
        return value


def _preferences(user):
    profile = profile_for(user)
    return {
        "language": profile.language,
        "timezone": profile.timezone,
        "theme": profile.theme,
        "inapp_kinds": [k for k in KINDS if profile.wants_in_app(k)],
        "email_kinds": [k for k in KINDS if profile.wants_email(k)],
        "digest_kinds": list(profile.email_digest_kinds),
        "sms_kinds": [k for k in SMS_KINDS if profile.wants_sms(k)],
    }


class PreferencesView(APIView):
    """Your own preferences: language, time zone, theme and which notifications reach you in the app, by email,
    as a digest and by SMS."""

    @extend_schema(responses=PreferencesSerializer)
    def get(self, request):
        return Response(PreferencesSerializer(_preferences(request.user)).data)

    @extend_schema(request=PreferencesSerializer, responses=PreferencesSerializer)
    def patch(self, request):
        body = PreferencesSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.update_preferences(request.user, actor=request.user, **body.validated_data)
        return Response(PreferencesSerializer(_preferences(request.user)).data)


class EmailBounceSerializer(serializers.Serializer):
    address = serializers.EmailField(read_only=True, help_text=_("Your email address."))
    bounces = serializers.BooleanField(read_only=True, help_text=_("Notification email to it is skipped."))
    reason = serializers.ChoiceField(choices=SuppressionReason.choices, read_only=True, allow_null=True)
    occurred_at = serializers.DateTimeField(read_only=True, allow_null=True)
    description = serializers.CharField(read_only=True, help_text=_("What the mail server or provider said."))


def _bounce(user):
    suppression = active_suppression(user)
    return {
        "address": user.email,
        "bounces": suppression is not None,
        "reason": suppression.reason if suppression else None,
        "occurred_at": suppression.occurred_at if suppression else None,
        "description": suppression.description if suppression else "",
    }


class EmailBounceView(APIView):
    """Your own address: whether the mail provider reported it bouncing (notification email to it is
    then skipped; in-app notifications still arrive), and turning email back on once it is fixed."""

    @extend_schema(responses=EmailBounceSerializer)
    def get(self, request):
        return Response(EmailBounceSerializer(_bounce(request.user)).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        clear_suppression(request.user, actor=request.user)
        return Response(status=204)
