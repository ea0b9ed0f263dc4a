"""The Celery app. Broker settings are in jobbspar/settings.py (CELERY_*), each explained there:
late acknowledgement and prefetch 1 so a killed worker loses nothing, a visibility timeout
longer than any task, socket timeouts so a dead Redis fails fast instead of hanging a request.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbspar.settings")

app = Celery("jobbspar")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
