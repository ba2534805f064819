"""The platform's ten storage buckets and their rules, in one table."""

from dataclasses import dataclass

MB = 1024 * 1024

IMAGES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
PDF = frozenset({"application/pdf"})
VIDEO = frozenset({"video/mp4", "video/quicktime", "video/webm", "video/x-matroska", "video/x-msvideo"})
AUDIO = frozenset({"audio/mpeg", "audio/x-wav", "audio/wav", "audio/ogg", "audio/flac", "audio/aac", "audio/mp4"})
OFFICE = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
)
CAD = frozenset({"image/vnd.dwg", "image/vnd.dxf"})
TEXT = frozenset({"text/csv", "text/plain"})


@dataclass(frozen=True)
class Bucket:
    name: str
    public: bool
    max_bytes: int
    allowed_types: frozenset
    admin_only: bool = False
    description: str = ""

    @property
    def max_label(self):
        return f"{self.max_bytes // MB} MB"


BUCKETS = {
    b.name: b
    for b in [
        Bucket("avatars", True, 5 * MB, IMAGES, description="Profile pictures"),
        Bucket("logos", True, 5 * MB, IMAGES, description="Organization logos"),
        Bucket("documents", False, 50 * MB, PDF | IMAGES | OFFICE | TEXT, description="Riders, specs"),
        Bucket("media", False, 500 * MB, IMAGES | VIDEO | AUDIO, description="Photos, video, audio"),
        Bucket("project-files", False, 100 * MB, PDF | IMAGES | OFFICE | TEXT, description="Deliverables"),
        Bucket("event-assets", False, 100 * MB, PDF | IMAGES | VIDEO | AUDIO | OFFICE, description="Event material"),
        Bucket("technical-drawings", False, 100 * MB, PDF | IMAGES | CAD, description="Floor plans, CAD"),
        Bucket("contracts", False, 50 * MB, PDF | OFFICE, admin_only=True, description="Legal documents"),
        Bucket("reports", False, 50 * MB, PDF | OFFICE | TEXT, description="Generated reports"),
        Bucket("receipts", False, 10 * MB, PDF | IMAGES, description="Expense receipts"),
    ]
}

BUCKET_CHOICES = [(name, name) for name in BUCKETS]
