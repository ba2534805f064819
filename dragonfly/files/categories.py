"""The document categories every organization starts with (its admins edit them afterwards), and
which one a file of each bucket falls into when nobody chose."""

# Names are data an admin renames, so they are stored as written here.
DEFAULT_CATEGORIES = [
    "Riders",
    "Contracts",
    "Plans",
    "Permits",
    "Insurance",
    "Receipts",
    "Photos & media",
    "Other",
]

BUCKET_CATEGORY = {
    "technical-drawings": "Plans",
    "contracts": "Contracts",
    "receipts": "Receipts",
    "media": "Photos & media",
}


def create_default_categories(category_model, organization_id):
    """The defaults an organization lacks (by name), in their order; returns them by name."""
    existing = {c.name: c for c in category_model.objects.filter(organization_id=organization_id)}
    for position, name in enumerate(DEFAULT_CATEGORIES, start=1):
        if name not in existing:
            existing[name] = category_model.objects.create(
                organization_id=organization_id, name=name, position=position * 10
            )
    return existing
