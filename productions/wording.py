"""How a status label reads inside a sentence, in the reader's language."""

from typing import Any

from django.utils.translation import get_language

# Languages that capitalize nouns: a phase ("Planung") keeps its capital inside a sentence.
KEEP_CASE = {"de"}


def in_sentence(label) -> str:
    """ "Move to planning →" in English; "Weiter zu Planung →" in German, where nouns keep their capital."""
    language = (get_language() or "en").split("-")[0]
    return str(label) if language in KEEP_CASE else str(label).lower()


def lazy_words(words: Any) -> Any:
    """Lazy translations handed to the core's Workflow (typed as plain text there): they are read
    when a refusal is worded, so it speaks the reader's language."""
    return words
