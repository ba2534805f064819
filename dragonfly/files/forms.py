"""Forms of the files pages: they parse input; dragonfly.files.services decides the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .buckets import BUCKETS
from .models import DocumentCategory
from .services import DOCUMENT_BUCKETS, SHARE_DAYS


def bucket_choices():
    return [(name, f"{name} — {BUCKETS[name].description} ({BUCKETS[name].max_label})") for name in DOCUMENT_BUCKETS]


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(max_length=200, required=False, label=_("Title"), help_text=_("The file's name if empty."))
    category = forms.ModelChoiceField(queryset=DocumentCategory.objects.none(), required=False, label=_("Category"))
    bucket = forms.ChoiceField(choices=(), initial="documents", label=_("Storage"))
    note = forms.CharField(max_length=300, required=False, label=_("Note"))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = DocumentCategory.objects.filter(organization=organization)
        self.fields["bucket"].choices = bucket_choices()


class DocumentEditForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    category = forms.ModelChoiceField(queryset=DocumentCategory.objects.none(), required=False, label=_("Category"))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = DocumentCategory.objects.filter(organization=organization)


class VersionForm(forms.Form):
    file = forms.FileField(label=_("New version"))
    note = forms.CharField(
        max_length=300, required=False, label=_("What changed"), help_text=_("Shown in the version history.")
    )


class ShareForm(forms.Form):
    days = forms.TypedChoiceField(coerce=int, initial=7, choices=(), label=_("Link works for"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (d, ngettext("%(count)s day", "%(count)s days", d) % {"count": d}) for d in SHARE_DAYS
        ]


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1, label=_("Version"))
    b = forms.IntegerField(min_value=1, label=_("with version"))
