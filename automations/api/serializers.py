from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dragonfly.core.api_fields import VisibleRelatedField
from dragonfly.core.serializers import VersionField
from dragonfly.tenancy.models import Organization, Workspace

from ..conditions import OPERATORS
from ..models import ActionCatalog, AutomationRule, TriggerCatalog, UsageLog


class AutomationTriggerSerializer(serializers.ModelSerializer):
    class Meta:
        model = TriggerCatalog
        fields = ["id", "key", "event_name", "model_label", "module", "label", "description", "platform_scope"]


class AutomationActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionCatalog
        fields = ["id", "key", "label", "description", "platform_scope"]


class RuleConditionSerializer(serializers.Serializer):
    field = serializers.CharField(max_length=100)
    op = serializers.ChoiceField(choices=list(OPERATORS))
    value = serializers.CharField(max_length=200, allow_blank=True)


class RuleActionSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=100, help_text=_("A key of the action catalog."))
    params = serializers.DictField(
        required=False,
        help_text=_(
            "message (text; {object}, {event}, {workspace}, {rule} filled in), roles (role numbers), users "
            "(user ids), field and value (set a field), due_in_days (create a task)."
        ),
    )


class AutomationRuleSerializer(serializers.ModelSerializer):
    organization = VisibleRelatedField(Organization)
    workspace = VisibleRelatedField(Workspace, required=False, allow_null=True)
    trigger = serializers.SlugRelatedField(slug_field="key", queryset=TriggerCatalog.objects.all())
    conditions = RuleConditionSerializer(many=True, required=False)
    actions = RuleActionSerializer(many=True)

    version = VersionField()

    class Meta:
        model = AutomationRule
        fields = [
            "version",
            "id",
            "organization",
            "workspace",
            "name",
            "trigger",
            "conditions",
            "actions",
            "enabled",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class AutomationRuleUpdateSerializer(AutomationRuleSerializer):
    class Meta(AutomationRuleSerializer.Meta):
        read_only_fields = ["organization", "created_at", "updated_at"]


class RuleTestRequestSerializer(serializers.Serializer):
    object_id = serializers.CharField(max_length=64, help_text=_("The id of an object of the trigger's type."))
    data = serializers.DictField(required=False, help_text=_('The event\'s data, e.g. {"to": "approved"}.'))


class RuleTestConditionSerializer(serializers.Serializer):
    text = serializers.CharField()
    holds = serializers.BooleanField()


class RuleTestActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    text = serializers.CharField()
    ok = serializers.BooleanField()


class RuleTestResultSerializer(serializers.Serializer):
    object = serializers.CharField()
    fires = serializers.BooleanField()
    conditions = RuleTestConditionSerializer(many=True)
    actions = RuleTestActionSerializer(many=True)


class AutomationRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = UsageLog
        fields = [
            "id",
            "rule",
            "trigger_key",
            "event_id",
            "event_name",
            "model_label",
            "object_id",
            "object_repr",
            "depth",
            "actions_run",
            "result",
            "attempts",
            "duration_ms",
            "error",
            "created_at",
            "finished_at",
        ]
