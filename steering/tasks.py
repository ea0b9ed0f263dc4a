from celery import shared_task
from django.utils import timezone

from steering import reminders


@shared_task(name="steering.plan_reminders", ignore_result=True)
def plan_reminders() -> int:
    return reminders.plan_follow_up_reminders(today=timezone.localdate())
