"""The locations pages, by subject: venues and facilities, site maps, utilities."""

from .site_maps import add_site_map, add_zone, delete_site_map, delete_zone, rename_site_map, site_map
from .utilities import add_reading, add_utility, delete_utility, edit_utility, end_outage, report_outage, utility
from .venues import edit_location, location_detail, locations, new_location, set_clash_policy

__all__ = [
    "add_reading",
    "add_site_map",
    "add_utility",
    "add_zone",
    "delete_site_map",
    "delete_utility",
    "delete_zone",
    "edit_location",
    "edit_utility",
    "end_outage",
    "location_detail",
    "locations",
    "new_location",
    "rename_site_map",
    "report_outage",
    "set_clash_policy",
    "site_map",
    "utility",
]
