"""Signals of the notifications app."""

from django.dispatch import Signal

# Sent once per notify() with the notifications it created (a broadcast: one per crew member), so a
# receiver that does per-recipient work (the SMS texts) reads what it needs for all of them at once.
# Each of them also had its post_save, marked `in_batch=True`.
notifications_created = Signal()
