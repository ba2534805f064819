"""The automation pages of an organization admin: the rules, the rule builder, a test run, the usage log.

Every page reads the current workspace's organization; a member who is not its admin gets 403, a rule
of another organization is a 404. The pages call the same services as the API."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, form_page, list_page, paginate
from dragonfly.core.workspace_views import require_org_admin
from dragonfly.tenancy.access import is_org_admin

from . import services
from .builtin import builtin_rules
from .catalog import action_label, trigger_label
from .filters import UsageLogFilter
from .forms import RuleForm, initial_for
from .models import AutomationRule, UsageLog


def _refuse():
    raise PermissionDenied(_("Only organization admins (Phantom or Legend) may manage automations."))


def _organization(request):
    return require_org_admin(request, _("Only organization admins (Phantom or Legend) may manage automations."))


def _rule(request, pk):
    rule = get_object_or_404(
        AutomationRule.objects.of_member(request.user).select_related("trigger", "workspace", "organization"), pk=pk
    )
    if not is_org_admin(request.user, rule.organization_id):
        _refuse()
    return rule


def describe(rule):
    """What a rule's row says: its trigger and its steps, in the reader's language."""
    rule.trigger_text = trigger_label(rule.trigger.key, rule.trigger.label)
    rule.steps = [action_label(a["action"]) for a in rule.actions]
    return rule


def rules(request):
    organization = _organization(request)
    found = (
        AutomationRule.objects.filter(organization=organization)
        .select_related("trigger", "workspace")
        .annotate(last_run=Max("runs__created_at"))
        .order_by("name", "id")
    )
    page = paginate(request, found)
    page.object_list = [describe(r) for r in page.object_list]
    return render(
        request,
        "automations/rules.html",
        {"organization": organization, "page": page, "builtin": builtin_rules()},
    )


def _save(request, rule=None):
    def save(_data):
        data = form.rule_data()
        if rule is None:
            return services.create_rule(actor=request.user, organization=organization, **data)
        return services.update_rule(rule, actor=request.user, **data)

    organization = rule.organization if rule else _organization(request)
    initial = initial_for(rule) if rule else {"enabled": True}
    form = RuleForm(request.POST or None, initial=initial, organization=organization)
    return form_page(
        request,
        form,
        save=save,
        template="automations/rule_form.html",
        context={"rule": rule, "organization": organization},
        redirect_to=lambda saved: f"{_rules_url()}#rule-{saved.pk}",
        success=_("Rule saved."),
        versioned=rule,
    )


def _rules_url():
    from django.urls import reverse

    return reverse("automations:rules")


def new_rule(request):
    return _save(request)


def edit_rule(request, pk):
    return _save(request, _rule(request, pk))


@require_POST
def toggle_rule(request, pk):
    rule = _rule(request, pk)
    enable = not rule.enabled
    return action_page(
        request,
        lambda: services.set_enabled(rule, actor=request.user, enabled=enable),
        redirect_to=_rules_url(),
        success=_("Rule enabled.") if enable else _("Rule disabled."),
    )


@require_POST
def delete_rule(request, pk):
    rule = _rule(request, pk)
    return action_page(
        request,
        lambda: services.delete_rule(rule, actor=request.user),
        redirect_to=_rules_url(),
        success=_("Rule deleted."),
    )


def test_rule(request, pk):
    """The dry run: pick a recent object of the trigger's type; see what the rule would do with it."""
    rule = describe(_rule(request, pk))
    samples = services.sample_objects(rule, request.user)
    chosen, result, status = request.GET.get("object", ""), None, 200
    if chosen:
        obj = next((o for o in samples if str(o.pk) == chosen), None)
        if obj is None:
            messages.error(request, _("Choose one of the listed objects."))
            status = 400
        else:
            result = services.test_run(rule, actor=request.user, obj=obj)
    return render(
        request,
        "automations/test_run.html",
        {"rule": rule, "samples": samples, "chosen": chosen, "result": result},
        status=status,
    )


def usage_log(request):
    organization = _organization(request)
    base = UsageLog.objects.filter(organization=organization).select_related("rule")
    return list_page(
        request,
        base,
        UsageLogFilter,
        template="automations/log.html",
        context={"organization": organization},
    )
