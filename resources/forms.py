"""Forms of the resources pages: they parse input; resources.services decides the rules. Choices are
narrowed to what the user may see in the page's workspace."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from dragonfly.core.forms import label_choices, narrow_choices
from dragonfly.tenancy.access import people_visible_to
from people.models import TrainingCourse

from .models import Category, Material, MaterialKind


class MaterialForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    kind = forms.ChoiceField(choices=MaterialKind.choices, label=_("Kind"))
    category = forms.ChoiceField(choices=Category.choices, initial=Category.OTHER, label=_("Category"))
    url = forms.CharField(
        max_length=500, required=False, label=_("Web address"), help_text=_("For a video or a link: https://…")
    )
    upload = forms.FileField(required=False, label=_("File"), help_text=_("For a document: PDF, image or office file."))
    tags = forms.CharField(
        max_length=300, required=False, label=_("Tags"), help_text=_("Separated by commas, e.g. rigging, safety.")
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Description"))
    is_public = forms.BooleanField(required=False, label=_("Public to every signed-in user"))


class CourseForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    category = forms.ChoiceField(choices=Category.choices, initial=Category.OTHER, label=_("Category"))
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Summary"))
    training_course = forms.ModelChoiceField(
        queryset=TrainingCourse.objects.order_by("name", "id"),
        required=False,
        label=_("Training it counts as"),
        empty_label=_("— None —"),
        help_text=_("Completing the course records a pass of this training on the learner's crew record."),
    )
    is_public = forms.BooleanField(required=False, label=_("Public to every signed-in user"))

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_choices(self, user=user, workspace=workspace)


class LessonForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    body = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Text"))
    material = forms.ModelChoiceField(
        queryset=Material.objects.order_by("title", "id"),
        required=False,
        label=_("Material"),
        empty_label=_("— None —"),
    )

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_choices(self, user=user, workspace=workspace)


class GrantForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    funder = forms.CharField(max_length=200, label=_("Funder"))
    amount = forms.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        label=_("Amount"),
        help_text=_("The most it gives."),
    )
    currency = forms.CharField(max_length=3, initial="EUR", label=_("Currency"), help_text=_("e.g. EUR"))
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    eligibility = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Eligibility"), help_text=_("Who may apply.")
    )
    url = forms.CharField(max_length=500, required=False, label=_("Link"), help_text=_("The funder's page: https://…"))
    category = forms.ChoiceField(choices=Category.choices, initial=Category.OTHER, label=_("Category"))
    tags = forms.CharField(
        max_length=300, required=False, label=_("Tags"), help_text=_("Separated by commas, e.g. touring, arts.")
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Description"))
    is_public = forms.BooleanField(required=False, label=_("Public to every signed-in user"))
    owner = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Owner"),
        help_text=_("Hears of the deadline with the applicants."),
    )

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        # The workspace's people this user may see named; the service refuses one who can't read grants.
        self.fields["owner"].queryset = people_visible_to(user, workspace)
        label_choices(self)


class ApplicationForm(forms.Form):
    requested_amount = forms.DecimalField(max_digits=14, decimal_places=2, min_value=0, label=_("Requested amount"))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Notes"))


class ApplicationDocumentForm(forms.Form):
    upload = forms.FileField(label=_("Document"), help_text=_("PDF, image, office or text file."))


class MoveForm(forms.Form):
    note = forms.CharField(required=False, max_length=2000, label=_("Note"))
