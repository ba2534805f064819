"""The type of an upload, read from its content: the name and the browser's claim are ignored."""

import filetype

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


def detect_type(head: bytes) -> str | None:
    """MIME type from the first bytes of a file, or None when it is nothing we recognise."""
    if head[:6] in _DWG_VERSIONS:
        return "image/vnd.dwg"
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    if not head or not _looks_like_text(head):
        return None
    text = head.decode("utf-8", errors="ignore").lstrip()
    if text.startswith("0\n") or text.startswith("0\r\n"):
        lines = text.splitlines()
        if len(lines) > 1 and lines[1].strip() == "SECTION":
            return "image/vnd.dxf"
    first_line = text.splitlines()[0] if text else ""
    if first_line.count(",") >= 1 and "<" not in first_line:
        return "text/csv"
    if "<" in text[:200].lower() and ("<script" in text.lower() or "<html" in text.lower() or "<svg" in text.lower()):
        return None  # markup is never accepted: it could run in a browser
    return "text/plain"
