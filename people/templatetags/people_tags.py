"""Display helpers for the people templates."""

from django import template

register = template.Library()


@register.filter
def verb_label(verb):
    """An activity verb as people read it: "assignment.certificate_override" → "Certificate override"."""
    text = str(verb).split(".", 1)[-1].replace("_", " ")
    return text[:1].upper() + text[1:]
