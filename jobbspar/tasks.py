from celery import shared_task

from jobbspar import notifications


@shared_task(name="jobbspar.sweep_notifications", ignore_result=True)
def sweep_notifications() -> int:
    return notifications.sweep()
