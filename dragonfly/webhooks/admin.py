from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dragonfly.core.errors import DomainError
from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from . import services
from .models import IncomingDelivery, IncomingSource, WebhookDelivery, WebhookEndpoint
from .ssrf import check_url


class EndpointAdminForm(forms.ModelForm):
    """The same rules as the pages and the API: no private addresses (SSRF), known event types."""

    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")

    class Meta:
        model = WebhookEndpoint
        fields = ["organization", "url", "description", "secret", "event_types", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_url(url)
        except DomainError as exc:
            raise ValidationError(str(exc)) from None
        return url

    def clean_event_types(self):
        try:
            return services.clean_event_types(self.cleaned_data["event_types"])
        except DomainError as exc:
            raise ValidationError(str(exc)) from None


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(OrganizationScopedAdmin):
    list_display = ["url", "organization", "active", "consecutive_failures", "disabled_at", "created_at"]
    list_filter = ["active", "organization"]
    search_fields = ["url", "description"]
    readonly_fields = [
        "consecutive_failures",
        "disabled_at",
        "disabled_reason",
        "created_by",
        "created_at",
        "updated_at",
    ]
    list_select_related = ["organization"]

    form = EndpointAdminForm


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(OrganizationScopedAdmin):
    list_display = ["event_type", "endpoint", "status", "attempts", "response_code", "latency_ms", "created_at"]
    list_filter = ["status", "organization"]
    search_fields = ["event_type", "message_id", "endpoint__url"]
    list_select_related = ["endpoint", "organization"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["replay"]

    def has_add_permission(self, request):
        return False  # deliveries come from domain events, tests and replays

    @admin.action(description=_("Replay the selected deliveries"))
    def replay(self, request, queryset):
        for delivery in queryset.select_related("endpoint__organization"):
            try:
                services.replay_delivery(delivery, actor=request.user)
            except DomainError as exc:
                messages.error(request, str(exc))


@admin.register(IncomingSource)
class IncomingSourceAdmin(OrganizationScopedAdmin):
    list_display = ["slug", "name", "organization", "handler", "active", "created_at"]
    list_filter = ["active", "handler", "organization"]
    search_fields = ["slug", "name"]
    list_select_related = ["organization"]


@admin.register(IncomingDelivery)
class IncomingDeliveryAdmin(OrganizationScopedAdmin):
    list_display = ["source", "delivery_id", "status", "reason", "event_type", "received_at"]
    list_filter = ["status", "organization"]
    search_fields = ["delivery_id", "source__slug", "event_type"]
    list_select_related = ["source"]
    readonly_fields = [f.name for f in IncomingDelivery._meta.fields]

    def has_add_permission(self, request):
        return False
