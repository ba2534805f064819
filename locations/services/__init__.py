"""The locations module's writes, by subject: venues and their documents (venues), site maps with
their pins and zones (site_maps), utilities with readings and outages (utilities), and how bookings
of a venue clash (booking). Each takes the object first and the acting user keyword-only, checks
`actor.has_perm(perm, obj)`, and writes the row and its activity entry in one transaction; the pages
and the API call these same functions."""

from .booking import clash_policy, set_clash_policy
from .site_maps import (
    ZONE_FIELDS,
    add_site_map,
    add_zone,
    check_zone,
    delete_site_map,
    delete_zone,
    rectangle,
    update_site_map,
    update_zone,
)
from .utilities import (
    OUTAGE_REPORTED,
    UTILITY_FIELDS,
    add_utility,
    delete_utility,
    end_outage,
    record_reading,
    report_outage,
    update_utility,
)
from .venues import (
    COORDINATE_LABELS,
    DOCUMENT_BUCKETS,
    LOCATION_FIELDS,
    TEXT_LIMITS,
    add_site_document,
    create_location,
    namesake_warnings,
    site_documents,
    update_location,
)

__all__ = [
    "COORDINATE_LABELS",
    "DOCUMENT_BUCKETS",
    "LOCATION_FIELDS",
    "OUTAGE_REPORTED",
    "TEXT_LIMITS",
    "UTILITY_FIELDS",
    "ZONE_FIELDS",
    "add_site_document",
    "add_site_map",
    "add_utility",
    "add_zone",
    "check_zone",
    "clash_policy",
    "create_location",
    "delete_site_map",
    "delete_utility",
    "delete_zone",
    "end_outage",
    "namesake_warnings",
    "rectangle",
    "record_reading",
    "report_outage",
    "set_clash_policy",
    "site_documents",
    "update_location",
    "update_site_map",
    "update_utility",
    "update_zone",
]
