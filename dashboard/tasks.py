from celery import shared_task

from dashboard import snapshots


@shared_task(name="dashboard.refresh_summaries", ignore_result=True)
def refresh_summaries() -> int:
    return snapshots.refresh()
