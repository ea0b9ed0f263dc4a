from celery import shared_task
from django.utils import timezone

from steering import kept, reminders


@shared_task(name="steering.plan_reminders", ignore_result=True)
def plan_reminders() -> int:
    return reminders.plan_follow_up_reminders(today=timezone.localdate())


@shared_task(name="steering.refresh_figures", ignore_result=True)
def refresh_figures() -> int:
    return kept.refresh()
