"""Two beats at once (a second scheduler started by mistake, or a task redelivered while the
first still runs): both plan the same day's track reminders and follow-ups and both sweep, and
every reminder exists and is e-mailed exactly once."""

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from jobbspar import notifications
from jobbspar.models import Notification
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks.models import FollowUp, PhaseKind, State
from tracks.reminders import plan_reminders

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
TODAY = dt.date(2027, 2, 22)  # Monday


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_plan_and_send_each_reminder_once(
    af_coordinator, municipal_coordinator, job_coach, municipality, manager
):
    for n in range(6):
        track = TrackFactory(start_date=dt.date(2027, 3, 1), mentors=[], name=f"Spår {n}")
        track.coordinators.set([af_coordinator, municipal_coordinator])
        track.job_coaches.set([job_coach])
        PhaseFactory(track=track, kind=PhaseKind.INTRODUCTION, starts_on=dt.date(2027, 3, 1))
        member = TrackParticipantFactory(
            track=track,
            state=State.COMPLETED,
            nominated_by=municipal_coordinator,
            participant=ParticipantFactory(registered_by=municipality),
        )
        FollowUp.objects.create(
            track_participant=member,
            months=3,
            due_on=TODAY - dt.timedelta(days=15),
            responsible=municipal_coordinator,
        )
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def beat():
        try:
            barrier.wait()
            plan_reminders(today=TODAY)
            notifications.sweep()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    with time_machine.travel(dt.datetime(2027, 2, 22, 8, tzinfo=STOCKHOLM)):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    # Per track: phase soon x 3 people, follow-up due x 1, escalation x 1 manager; and the
    # agreement reminder (no agreement) was due 15 Feb, so it is planned now for 2 coordinators.
    rows = list(Notification.objects.values_list("kind", "object_id", "recipient_id", "due_on"))
    assert len(rows) == len(set(rows)) == 6 * (3 + 1 + 1 + 2)
    assert len(mail.outbox) == len(rows)
