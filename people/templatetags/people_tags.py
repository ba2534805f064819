"""Display helpers for the people templates."""

from django import template

from dragonfly.tenancy import access

register = template.Library()


@register.filter
def verb_label(verb):
    """An activity verb as people read it: "assignment.certificate_override" → "Certificate override"."""
    text = str(verb).split(".", 1)[-1].replace("_", " ")
    return text[:1].upper() + text[1:]


@register.filter
def display_name(user, default=""):
    """A login as pages name it (dragonfly.tenancy.access.display_name), or `default` when there is none."""
    return access.display_name(user) if user else default
