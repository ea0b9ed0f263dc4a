from celery import shared_task

from jobbspar import notifications
from jobbspar.sessions import SessionStore


@shared_task(name="jobbspar.sweep_notifications", ignore_result=True)
def sweep_notifications() -> int:
    return notifications.sweep()


@shared_task(name="jobbspar.clear_expired_sessions", ignore_result=True)
def clear_expired_sessions() -> None:
    """Removes the sessions past their expiry: no one can use them, and each names an account."""
    SessionStore.clear_expired()
