from celery import shared_task
from django.utils import timezone

from tracks import reminders


@shared_task(name="tracks.plan_reminders", ignore_result=True)
def plan_reminders() -> int:
    return reminders.plan_reminders(today=timezone.localdate())
