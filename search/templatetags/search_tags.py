from django import template

from ..highlight import highlight, snippet

register = template.Library()


@register.simple_tag
def marked(text, words):
    """`text` escaped, with the searched `words` in <mark>."""
    return highlight(text or "", words)


@register.simple_tag
def marked_snippet(body, words):
    return highlight(snippet(body or "", words), words)
