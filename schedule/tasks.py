from celery import shared_task
from django.utils import timezone

from schedule import absence


@shared_task(name="schedule.plan_absence_reminders", ignore_result=True)
def plan_absence_reminders() -> int:
    return absence.plan_absence_reminders(today=timezone.localdate())
