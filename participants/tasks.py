from celery import shared_task

from participants import retention


@shared_task(name="participants.run_retention", ignore_result=True)
def run_retention() -> int:
    return len(retention.run_retention())
