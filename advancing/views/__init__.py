"""Advancing pages, split by subject: crew screens, actions, catalog, review queue, exports."""

from .actions import advance_action, comment, fulfil_line
from .advances import advance_detail, edit_advance, new_advance, workspace_home
from .catalog import catalog, catalog_search
from .exports import lines_export, queue_export
from .review import bulk_decide, review_queue
from .shared import shared_add_line, shared_advance, shared_answer
from .sharing import share_links, share_reset, share_revoke
from .suggestions import suggestions

__all__ = [
    "advance_action",
    "advance_detail",
    "bulk_decide",
    "catalog",
    "catalog_search",
    "comment",
    "edit_advance",
    "fulfil_line",
    "lines_export",
    "new_advance",
    "queue_export",
    "review_queue",
    "suggestions",
    "workspace_home",
    "share_links",
    "share_reset",
    "share_revoke",
    "shared_add_line",
    "shared_advance",
    "shared_answer",
]
