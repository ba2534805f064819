"""Forms of the productions pages: they parse input; the services decide the rules.

Every choice of a person or a venue is narrowed to the workspace (and what the user may see),
so a form cannot point at another organization's rows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dragonfly.core.forms import narrow_choices
from dragonfly.tenancy.access import display_name
from locations.models import Location

from .models import (
    MANUAL_COMPLIANCE_STATUSES,
    PHASES,
    ComplianceKind,
    ComplianceStatus,
    MilestoneAnchor,
    ProductionStatus,
    ProductionType,
    TaskPriority,
    TaskStatus,
)
from .selectors import workspace_people


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


def _people(field, workspace):
    field.queryset = workspace_people(workspace)
    return field


class ProductionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=40, required=False, help_text=_("Short reference, e.g. AUR-MSG"))
    type = forms.ChoiceField(label=_("Type"), choices=ProductionType.choices, initial=ProductionType.CONCERT)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput)
    venue = forms.ModelChoiceField(
        label=_("Venue"), queryset=Location.objects.none(), required=False, empty_label=_("— No venue yet —")
    )
    production_manager = PersonChoiceField(
        label=_("Production manager"), queryset=None, required=False, empty_label=_("— Nobody yet —")
    )
    tags = forms.CharField(
        label=_("Tags"), max_length=300, required=False, help_text=_("Comma-separated, e.g. outdoor, headline")
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = (
            Location.objects.visible_to(user).in_workspace(workspace).select_related("parent").order_by("name")
        )
        _people(self.fields["production_manager"], workspace)
        narrow_choices(self, user=user, workspace=workspace)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The production cannot end before it starts."))
        return data


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=ProductionStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput)
    owner = PersonChoiceField(label=_("Owner"), queryset=None, required=False, empty_label=_("— Nobody —"))
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", "—")] + [(p.value, p.label) for p in PHASES], required=False
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["owner"], workspace)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    assignee = PersonChoiceField(label=_("Assignee"), queryset=None, required=False, empty_label=_("— Unassigned —"))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput)
    priority = forms.ChoiceField(label=_("Priority"), choices=TaskPriority.choices, initial=TaskPriority.MEDIUM)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, workspace, with_checklist=False, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["assignee"], workspace)
        if with_checklist:
            self.fields["checklist"] = forms.CharField(
                label=_("Checklist"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("One item per line."),
            )

    def checklist_items(self):
        return [line for line in (self.cleaned_data.get("checklist") or "").splitlines() if line.strip()]


class TaskMoveForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)


class ChecklistItemForm(forms.Form):
    text = forms.CharField(max_length=300, label=_("New item"))


class CommentForm(forms.Form):
    body = forms.CharField(max_length=5000, label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ComplianceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ComplianceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    authority = forms.CharField(label=_("Authority"), max_length=200, required=False)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    required_by = forms.DateField(label=_("Required by"), required=False, widget=DateInput)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in ComplianceStatus if s in MANUAL_COMPLIANCE_STATUSES],
        help_text=_("Expiring and expired follow from the expiry date."),
    )
    owner = PersonChoiceField(label=_("Owner"), queryset=None, required=False, empty_label=_("— Nobody —"))
    document = forms.FileField(
        label=_("Document"), required=False, help_text=_("PDF, image, Word/Excel or text; up to 50 MB.")
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["owner"], workspace)


class TeamMemberForm(forms.Form):
    user = PersonChoiceField(queryset=None, label=_("Person"))
    title = forms.CharField(max_length=120, required=False, label=_("Job"))
    department = forms.CharField(label=_("Department"), max_length=80, required=False)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["user"], workspace)


class MilestoneTemplateForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[(p.value, p.label) for p in PHASES if p != ProductionStatus.COMPLETED]
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    offset_days = forms.IntegerField(min_value=-730, max_value=730, label=_("Days"))
    anchor = forms.ChoiceField(choices=MilestoneAnchor.choices, label=_("after"))


MilestoneTemplateFormSet = forms.formset_factory(
    MilestoneTemplateForm, extra=1, can_delete=True, max_num=200, validate_max=True, absolute_max=200
)
