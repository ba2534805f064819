"""Beat's schedules (DESIGN.md, "Background work"), kept out of settings.py for its length.

django-celery-beat copies them into the database, where an admin can pause or move them. Modules add
theirs here as they land; settings.py reads `CELERY_BEAT_SCHEDULE` from this module.
"""

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE = {
    # Every minute: webhook retries that fell due, and deliveries the broker never got (webhooks/services.py).
    "webhooks-send-due": {
        "task": "dragonfly.webhooks.tasks.send_due_webhooks",
        "schedule": 60.0,
    },
    # Every minute: buffered product events to their organization's analytics provider.
    "integrations-flush-analytics": {
        "task": "integrations.analytics.tasks.flush_analytics",
        "schedule": 60.0,
    },
    # Every 15 minutes: companies and contacts to the CRM, new deals from it (integrations/crm).
    "integrations-sync-crm": {
        "task": "integrations.crm.tasks.sync_all_crm",
        "schedule": 900.0,
    },
    "webhooks-purge-log": {
        "task": "dragonfly.webhooks.tasks.purge_webhook_log",
        "schedule": crontab(minute=30, hour=3),
    },
    # Every minute: the outbox's rows whose after-commit relay failed (broker away) go out now.
    "notifications-relay-outbox": {
        "task": "dragonfly.notifications.tasks.relay_outbox",
        "schedule": 60.0,
    },
    "notifications-email-digests": {
        "task": "dragonfly.notifications.tasks.send_email_digests",
        "schedule": crontab(minute=0, hour=9),
    },
    "weekly-cleanup": {
        "task": "dragonfly.core.tasks.weekly_cleanup",
        "schedule": crontab(minute=0, hour=3, day_of_week="sunday"),
    },
    # Nightly: what the advance form suggests next to the picked lines (advancing/suggestions.py).
    "advancing-refresh-item-pairings": {
        "task": "advancing.tasks.refresh_item_pairings",
        "schedule": crontab(minute=45, hour=2),
    },
    "people-certificate-expiry": {
        "task": "people.tasks.check_certification_expiry",
        "schedule": crontab(minute=0, hour=0),
    },
    "assets-open-due-maintenance": {
        "task": "assets.tasks.open_due_maintenance",
        "schedule": crontab(minute=15, hour=0),
    },
    # Hourly: each organization gets its digest in the hour its local clock reads 09:00.
    "events-daily-reminders": {
        "task": "events.tasks.send_daily_reminders",
        "schedule": crontab(minute=0),
    },
    "productions-compliance-check": {
        "task": "productions.tasks.check_compliance",
        "schedule": crontab(minute=0, hour=0),
    },
    # Nightly: work history picks up the productions people finished working on.
    "profiles-refresh-work-histories": {
        "task": "profiles.tasks.refresh_work_histories",
        "schedule": crontab(minute=45, hour=0),
    },
    "productions-health-refresh": {
        "task": "productions.tasks.refresh_all_production_health",
        "schedule": crontab(minute=30),
    },
    # 06:00: every report subscription due today is built once and delivered (reports/tasks.py).
    "reports-deliver-subscriptions": {
        "task": "reports.tasks.report_deliver_subscriptions",
        "schedule": crontab(minute=0, hour=6),
    },
    # Nightly: invoices past their due date and not fully paid become overdue.
    "finance-mark-overdue-invoices": {
        "task": "finance.tasks.mark_overdue_invoices",
        "schedule": crontab(minute=30, hour=0),
    },
    # Daily: vendor agreements entering their renewal window (each end date reminded once).
    "finance-agreement-renewals": {
        "task": "finance.tasks.remind_expiring_agreements",
        "schedule": crontab(minute=0, hour=9),
    },
    # Every ten minutes: each connected calendar's two-way sync (integrations/calendar/tasks.py).
    "integrations-sync-calendars": {
        "task": "integrations.calendar.tasks.sync_all_calendars",
        "schedule": 600.0,
    },
    # Hourly: each organization's called crew get tomorrow's day sheet in the hour its local clock reads 18:00.
    "daysheets-evening-before": {
        "task": "daysheets.tasks.send_evening_daysheets",
        "schedule": crontab(minute=0),
    },
}
