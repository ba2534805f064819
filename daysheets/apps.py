from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DaysheetsConfig(AppConfig):
    """Day sheets: one page per show day of a production (schedule, calls, venue, advances, contacts),
    sent to the called crew the evening before. No tables of its own: it reads events, locations,
    productions and advancing."""

    name = "daysheets"
    verbose_name = gettext_lazy("Day sheets")

    def ready(self):
        from productions.extensions import register_tab

        from .views import production_daysheets

        # After the Schedule tab (events, 20): the production's upcoming show days.
        register_tab(
            "daysheets", gettext_lazy("Day sheets"), perm="events.view_event", position=25, view=production_daysheets
        )
