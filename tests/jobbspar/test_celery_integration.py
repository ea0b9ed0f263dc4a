"""A real Celery worker and a real Redis deliver a notification end to end."""

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from jobbspar import notifications
from jobbspar.models import EmailState, Notification, NotificationKind
from jobbspar.tasks import sweep_notifications

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_worker_delivers_a_due_notification(af_coordinator, af):
    notifications.notify(
        recipient=af_coordinator,
        kind=NotificationKind.ACTION_ITEM_DUE,
        obj=af,
        due_on=timezone.localdate(),
        send_after=timezone.now() - dt.timedelta(minutes=1),
        message=notifications.Message(subject="Integration: åtgärd förfaller", body="Test"),
        url="/",
    )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "DEBUG": "true",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "jobbspar", "worker", "--pool=solo", "-l", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        sweep_notifications.delay()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if Notification.objects.get().email_state == EmailState.SENT:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert Notification.objects.get().email_state == EmailState.SENT, output[-3000:]
    assert "sweep_notifications" in output and "succeeded" in output
    assert f"To: {af_coordinator.email}" in output  # the console mail backend printed it
