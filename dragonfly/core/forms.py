"""What every page form's choice fields share: the rows offered are the ones the user may see in
the page's workspace, and people are named the one way (access.display_name)."""

from django import forms
from django.contrib.auth import get_user_model

from dragonfly.tenancy.access import display_name


def visible_in_workspace(queryset, *, user, workspace):
    """`queryset` narrowed to rows `user` may see (the model's `visible_to`) in `workspace`.
    Models without a workspace (the global catalog, users) are returned unchanged."""
    manager = queryset.model._default_manager
    if not hasattr(manager, "visible_to") or not hasattr(manager.all(), "in_workspace"):
        return queryset
    allowed = manager.visible_to(user).in_workspace(workspace).values("pk")
    return queryset.filter(pk__in=allowed)


def narrow_choices(form, *, user, workspace):
    """Call last in a page form's __init__: every model choice field offers only what `user` may see
    in `workspace` (a page of one workspace never lists another's rows, even to someone who sees
    both), and a person reads as their display name."""
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField):  # ModelMultipleChoiceField is one too
            continue
        field.queryset = visible_in_workspace(field.queryset, user=user, workspace=workspace)
    label_choices(form)


def label_choices(form):
    """Each choice reads with what tells it apart: the model's `choice_label()` where it has one (an
    occurrence's date, a venue's city), a person's display name."""
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        model = field.queryset.model
        if model is get_user_model():
            field.label_from_instance = display_name
        elif hasattr(model, "choice_label"):
            field.label_from_instance = model.choice_label
