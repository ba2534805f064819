from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DaysheetsConfig(AppConfig):
    """Day sheets: one page per show day of a production (schedule, calls, venue, advances, contacts),
    sent to the called crew the evening before. No tables of its own: it reads events, locations,
    productions and advancing."""

    name = "daysheets"
    verbose_name = gettext_lazy("Day sheets")
