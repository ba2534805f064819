"""The type of an upload, read from its content: the name and the browser's claim are ignored."""

import re

import filetype
import magic

# Extensions for stored names, by detected type (never taken from the user's file name).
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "video/x-matroska": "mkv",
    "video/x-msvideo": "avi",
    "audio/mpeg": "mp3",
    "audio/x-wav": "wav",
    "audio/wav": "wav",
    "audio/ogg": "ogg",
    "audio/flac": "flac",
    "audio/aac": "aac",
    "audio/mp4": "m4a",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "image/vnd.dwg": "dwg",
    "image/vnd.dxf": "dxf",
    "text/csv": "csv",
    "text/plain": "txt",
}

_DWG_VERSIONS = {b"AC1012", b"AC1014", b"AC1015", b"AC1018", b"AC1021", b"AC1024", b"AC1027", b"AC1032"}


# What libmagic calls markup, and a tag anywhere in a text sample: a browser could run either.
MARKUP = "text/html"
_MARKUP_TYPES = {"text/html", "text/xml", "application/xml", "image/svg+xml", "application/xhtml+xml"}
_TAG = re.compile(rb"<\s*(?:!(?:--|doctype)|\?xml|/?[a-z][\w-]*(?::[a-z][\w-]*)?(?:[\s/>]|$))", re.IGNORECASE)


def _looks_like_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 4:
            return False
    return True


def _is_dxf(text):
    # libmagic misses a DXF written with CRLF line ends.
    lines = text.splitlines()[:2]
    return len(lines) == 2 and lines[0].strip() == "0" and lines[1].strip() == "SECTION"


def detect_type(head: bytes) -> str | None:
    """MIME type from the first bytes of a file, or None when it is nothing we recognise.

    Binary formats by their signature (filetype); text by libmagic, which knows HTML, XML and
    SVG. Markup answers MARKUP wherever it starts in the sample, even when libmagic calls it
    plain text (`<img onerror=…>`): it is never stored as text."""
    if head[:6] in _DWG_VERSIONS:
        return "image/vnd.dwg"
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    if not head or not _looks_like_text(head):
        return None
    detected = magic.from_buffer(head, mime=True)
    if detected in _MARKUP_TYPES or _TAG.search(head):
        return MARKUP
    text = head.decode("utf-8", errors="ignore").lstrip()
    if detected == "image/vnd.dxf" or _is_dxf(text):
        return "image/vnd.dxf"
    first_line = text.splitlines()[0] if text else ""
    if first_line.count(",") >= 1:
        return "text/csv"
    return "text/plain"
