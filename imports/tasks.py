from celery import shared_task

from imports import batches


@shared_task(name="imports.remove_expired_batches", ignore_result=True)
def remove_expired_batches() -> int:
    return batches.remove_expired()
