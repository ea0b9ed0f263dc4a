"""Mail backends for failure tests."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """Raises an SMTP error for the first `failures` messages, then delivers to mail.outbox."""

    failures = 2
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        return super().send_messages(messages)


class WorkerKilled(BaseException):
    """The worker dies (not an exception the sweep could catch): SIGKILL, OOM, a lost host."""


class CrashAfterSendBackend(EmailBackend):
    """Delivers every message to mail.outbox; on the `crash_on`-th the worker dies right after
    the SMTP server accepted it, before the sweep can record that."""

    crash_on = 3
    calls = 0

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        type(self).calls += 1
        if type(self).calls == type(self).crash_on:
            raise WorkerKilled
        return sent


class SlowBackend(EmailBackend):
    """An SMTP server that takes `seconds` per message (time-machine's `traveller` moves the
    clock on). While the `during_call`-th message is being sent, `during()` runs once: another
    sweep starting meanwhile."""

    traveller = None
    seconds = 0
    calls = 0
    during_call = 2
    during = None

    def send_messages(self, messages):
        cls = type(self)
        cls.calls += 1
        cls.traveller.shift(cls.seconds)
        if cls.calls == cls.during_call and cls.during is not None:
            hook, cls.during = cls.during, None
            hook()
        return super().send_messages(messages)
