"""What the venue pages borrow from the modules above them, without importing them.

A venue's page shows what is booked there: the events module's schedule. Which events those
are and how they read is the events module's business, so it registers a section here in its
AppConfig.ready() (`provide_venue_section`) and locations imports nothing of events.
"""

from collections.abc import Callable
from typing import Any

# section(request, location) -> rendered HTML, or "" to show nothing
VenueSection = Callable[[Any, Any], str]
_sections: dict[str, VenueSection] = {}


def provide_venue_section(key: str, section: VenueSection) -> None:
    """Register (or replace) a section of the venue page under `key`, shown in registration order."""
    _sections[key] = section


def venue_sections(request: Any, location: Any) -> list[str]:
    """The registered sections' HTML for one venue, skipping those with nothing to show."""
    return [html for html in (section(request, location) for section in _sections.values()) if html]
