import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragonfly.settings")

app = Celery("dragonfly")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Finds tasks.py in every installed app, including the dragonfly.* sub-apps.
app.autodiscover_tasks()
