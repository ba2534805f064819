"""Forms of the resources pages: they parse input; resources.services decides the rules. Choices are
narrowed to what the user may see in the page's workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dragonfly.core.forms import narrow_choices
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
