"""Forms of the community pages: they parse input; community.services decides the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReactionKind, Scope
from .services import BODY_LENGTH, COMMENT_LENGTH, REASON_LENGTH


class PostForm(forms.Form):
    body = forms.CharField(
        max_length=BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("What's happening?"),
        help_text=_("Mention someone with @ and their user name to let them know."),
    )
    scope = forms.ChoiceField(choices=Scope.choices, initial=Scope.ORGANIZATION, label=_("Who reads it"))
    workspace = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Workspace"), help_text=_("For a post to one workspace.")
    )
    link = forms.URLField(max_length=300, required=False, assume_scheme="https", label=_("Link"))
    image = forms.FileField(required=False, label=_("Image"), help_text=_("A photo: JPEG, PNG, GIF or WebP."))

    def __init__(self, *args, workspaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].queryset = workspaces


class CommentForm(forms.Form):
    body = forms.CharField(max_length=COMMENT_LENGTH, widget=forms.Textarea(attrs={"rows": 2}), label=_("Comment"))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices, label=_("Reaction"))


class ReportForm(forms.Form):
    reason = forms.CharField(
        max_length=REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 2}), label=_("What is wrong with it?")
    )


class ModerationForm(forms.Form):
    note = forms.CharField(max_length=REASON_LENGTH, required=False, label=_("Note for the audit"))
