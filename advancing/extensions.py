"""What advancing adds to production pages (productions.extensions): the Advances tab and the
advances by status on the overview. Registered in AdvancingConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from productions.extensions import register_summary_section, register_tab

from .selectors import production_advance_totals

SUMMARY_FIELDS = ("status", "currency", "n", "estimated", "actual")


def advance_totals_json(rows):
    return [{k: row[k] for k in SUMMARY_FIELDS} for row in rows]


def register():
    from .views.production_tab import production_advances

    register_tab("advances", _("Advances"), perm="advancing.view_advance", position=60, view=production_advances)
    register_summary_section("advances", production_advance_totals, as_json=advance_totals_json, position=20)
