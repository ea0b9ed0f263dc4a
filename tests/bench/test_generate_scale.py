"""generate_scale: a tiny data set through the real tables keeps every rule and is reproducible."""

import datetime as dt
import itertools
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from bench import dataset
from jobbspar.models import AccessLog, EmailState, Notification, RecordReader, User
from participants.models import Consent, Participant, ParticipantEvent, SharedCopy, shared_copy
from tests.employers.factories import ensure_occupations
from tracks.models import (
    ACTIVE_STATES,
    FINAL_STATES,
    MILESTONE_FIELDS,
    FollowUp,
    Track,
    TrackParticipant,
    TrackStatus,
    Transition,
)
from tracks.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db

TINY = dataset.Preset(regions=2, participants=120, tracks=16, employers=6, due_notifications=40)
TODAY = dt.date(2026, 6, 1)


def _generate(seed: int = 7) -> None:
    ensure_occupations()
    dataset.ScaleGenerator(TINY, seed=seed, today=TODAY, progress=False).run()


class _Rollback(Exception):
    pass


def _digest_of_a_run(seed: int) -> str:
    try:
        with transaction.atomic():
            _generate(seed)
            result = dataset.digest()
            raise _Rollback
    except _Rollback:
        return result


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    first = _digest_of_a_run(7)
    assert _digest_of_a_run(7) == first
    assert _digest_of_a_run(8) != first


def test_generated_data_keeps_the_workflow_rules():
    _generate()
    assert Participant.objects.count() == TINY.participants
    assert Track.objects.count() == TINY.tracks
    # Every status is there; no participant is active in two tracks.
    assert set(Track.objects.values_list("status", flat=True)) == set(TrackStatus.values)
    active = Counter(
        TrackParticipant.objects.filter(state__in=ACTIVE_STATES).values_list(
            "participant", flat=True
        )
    )
    assert all(n == 1 for n in active.values())
    # Closed tracks hold only outcomes.
    closed = TrackParticipant.objects.filter(
        track__status__in=[TrackStatus.COMPLETED, TrackStatus.FOLLOWED_UP]
    )
    assert closed.exists()
    assert set(closed.values_list("state", flat=True)) <= set(FINAL_STATES)
    # Each member's history is a chain of allowed moves ending in its state.
    for member in TrackParticipant.objects.prefetch_related("transitions"):
        steps = sorted(member.transitions.all(), key=lambda t: (t.at, t.pk))
        assert steps[0].from_state == ""
        for before, after in itertools.pairwise(steps):
            assert after.from_state == before.to_state
            assert after.to_state in TRANSITIONS[before.to_state]
        assert steps[-1].to_state == member.state
    # Follow-ups at 3, 6 and 12 months for those who completed or discontinued.
    months = FollowUp.objects.values("track_participant").annotate(n=Count("id"))
    assert months and all(row["n"] == 3 for row in months)
    assert Transition.objects.count() > TrackParticipant.objects.count()


def test_generated_members_carry_the_milestones_the_workflow_would_have_set():
    """Each milestone column is the local day of the member's first move into its state, as
    tracks.workflow.move_participant sets it, and empty for a state never reached: the
    dashboard's and the steering page's figures read them, so they count real hires here."""
    _generate()
    zone = timezone.get_current_timezone()
    columns = list(MILESTONE_FIELDS.values())
    reached = Counter()
    for member in TrackParticipant.objects.prefetch_related("transitions"):
        first: dict[str, dt.date] = {}
        for step in sorted(member.transitions.all(), key=lambda t: (t.at, t.pk)):
            first.setdefault(step.to_state, step.at.astimezone(zone).date())
        expected = dict.fromkeys(columns)
        for state, column in MILESTONE_FIELDS.items():
            expected[column] = first.get(state)
        assert {column: getattr(member, column) for column in columns} == expected, member.pk
        reached.update(column for column in columns if expected[column] is not None)
    # Not vacuous: the small data set has hires, completions and starts.
    for column in ("selected_on", "started_on", "completed_on", "offered_on", "employed_on"):
        assert reached[column] > 0, column


def test_generated_data_has_consents_history_and_due_reminders():
    _generate()
    # A consent is always to the region's other authority, never to the registering one.
    assert Consent.objects.exists()
    assert not Consent.objects.filter(shared_with=F("participant__registered_by")).exists()
    assert ParticipantEvent.objects.count() >= 2 * TINY.participants
    due = Notification.objects.filter(email_state=EmailState.PENDING)
    assert due.count() == TINY.due_notifications
    staff = User.objects.filter(username__startswith=dataset.USERNAME_PREFIX).exclude(
        role="employer"
    )
    assert all(user.totpdevice_set.filter(confirmed=True).exists() for user in staff)
    # The access log is copied with its triggers off; its readers' sums are written after.
    columns = ("object_type", "object_id", "user", "organisation", "purpose")
    grouped = {
        (*(row[c] for c in columns), row["reads"], row["latest"])
        for row in AccessLog.objects.order_by()
        .values(*columns)
        .annotate(reads=Count("id"), latest=Max("at"))
    }
    assert grouped
    assert set(RecordReader.objects.values_list(*columns, "reads", "latest")) == grouped
    # So are the consents and people: the shared people's copy is written after them.
    copied = ("participant_id", "shared_with_id", *shared_copy.COPIED_FIELDS)
    given = Consent.objects.filter(withdrawn_at__isnull=True)
    assert SharedCopy.objects.count() == given.count() > 0
    assert list(SharedCopy.objects.order_by("pk").values_list("consent_id", *copied)) == list(
        given.order_by("pk").values_list(
            "id",
            "participant_id",
            "shared_with_id",
            *(f"participant__{name}" for name in shared_copy.COPIED_FIELDS),
        )
    )


def test_the_command_refuses_to_load_twice_without_replace(capsys):
    ensure_occupations()
    call_command(
        "generate_scale", "--participants=40", "--tracks=4", "--employers=3", "--regions=1",
        "--due-notifications=5", "--no-progress",
    )  # fmt: skip
    with pytest.raises(Exception, match="already loaded"):
        call_command("generate_scale", "--participants=40", "--no-progress")
    call_command("generate_scale", "--participants=40", "--if-missing", "--no-progress")
    assert "nothing to do" in capsys.readouterr().out


def test_the_command_refuses_data_generated_before_the_milestones():
    """A benchmark database loaded before members carried their milestone days has hired
    members without the day: measured on it, the steering page would count no hire."""
    ensure_occupations()
    call_command(
        "generate_scale", "--participants=40", "--tracks=4", "--employers=3", "--regions=1",
        "--due-notifications=5", "--no-progress",
    )  # fmt: skip
    employed = TrackParticipant.objects.filter(state="employed")
    assert employed.exists()
    employed.update(employed_on=None)
    with pytest.raises(Exception, match="--replace"):
        call_command("generate_scale", "--participants=40", "--if-missing", "--no-progress")


def _schema() -> tuple[int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'")
        indexes = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")
        return indexes, cursor.fetchone()[0]


def test_bulk_mode_rebuilds_every_index_and_foreign_key():
    ensure_occupations()
    before = _schema()
    dataset.ScaleGenerator(TINY, seed=7, today=TODAY, progress=False, bulk=True).run()
    assert _schema() == before
    assert Participant.objects.count() == TINY.participants


def test_each_regions_work_belongs_to_its_partnership():
    """One partnership per region; a region's needs, meetings and tracks are its partnership's
    (a track its need's), and its coordinators see only their region's tracks."""
    from employers.models import PlanningMeeting, RecruitmentNeed
    from jobbspar.models import Partnership, Role
    from tracks import access as tracks_access

    _generate()
    partnerships = list(Partnership.objects.select_related("employment_service", "municipality"))
    assert len(partnerships) == TINY.regions
    assert not Track.objects.exclude(partnership=F("need__partnership")).exists()
    assert not PlanningMeeting.objects.exclude(partnership=F("need__partnership")).exists()
    for partnership in partnerships:
        assert RecruitmentNeed.objects.filter(partnership=partnership).exists()
        coordinator = User.objects.filter(
            role=Role.AF_COORDINATOR, organisation=partnership.employment_service
        ).first()
        visible = set(tracks_access.tracks_for(coordinator).values_list("partnership", flat=True))
        assert visible == {partnership.pk}


def test_each_partnership_gets_a_steering_group_budgets_draw_downs_and_costs():
    from steering.models import Budget, Cost, DrawDown, SteeringDecision, SteeringMember
    from steering.money import spent_of

    _generate()
    partnerships = set(Track.objects.values_list("partnership", flat=True))
    assert len(partnerships) == TINY.regions
    assert set(SteeringMember.objects.values_list("partnership", flat=True)) == partnerships
    assert set(SteeringDecision.objects.values_list("partnership", flat=True)) == partnerships
    assert SteeringDecision.objects.filter(done=False, follow_up_on__isnull=False).exists()
    assert set(Budget.objects.values_list("partnership", flat=True)) == partnerships
    assert DrawDown.objects.count() == 2 * Budget.objects.count()
    # Every started track has a cost, no planned one has; costs fall in their budget's year
    # and in their own partnership, on or after the track's start and not after today.
    started = set(Track.objects.filter(start_date__lte=TODAY).values_list("id", flat=True))
    assert set(Cost.objects.values_list("track", flat=True)) == started
    for cost in Cost.objects.select_related("track", "draw_down__budget"):
        budget = cost.draw_down.budget
        assert cost.spent_on.year == budget.year
        assert cost.track.partnership_id == budget.partnership_id
        assert cost.track.start_date <= cost.spent_on <= TODAY
        assert cost.amount > 0 and cost.amount == cost.amount.quantize(Decimal("0.01"))
    # Nothing overbooked: a draw-down is never below what was spent of it, a budget never
    # below what was drawn from it.
    for draw_down in DrawDown.objects.all():
        assert spent_of(draw_down) < draw_down.amount
    for budget in Budget.objects.annotate(drawn=Sum("draw_downs__amount")):
        assert budget.drawn <= budget.amount


def test_the_benchmark_managers_steering_page_shows_the_generated_money(client):
    """The `steering page` scenario of bench/scenarios.py, on generated data, with the session
    the benchmark uses."""
    from django.urls import reverse

    from bench.scenarios import PAGES
    from bench.sessions import fixtures, session_cookies

    _generate()
    fx = fixtures()
    [scenario] = [s for s in PAGES if s.name == "steering page"]
    name, value = session_cookies()[scenario.role].split("=", 1)
    client.cookies[name] = value
    assert scenario.url(fx) == reverse("steering:page", args=[fx.partnership])
    response = client.get(scenario.url(fx))
    assert response.status_code == 200
    # The generated year's budgets, draw-downs and costs, to the öre.
    from steering.models import Budget, Cost
    from steering.money import format_kronor

    response = client.get(scenario.url(fx), {"year": TODAY.year})
    assert response.status_code == 200
    lines = response.context["summary"].lines
    budgets = Budget.objects.filter(partnership=fx.partnership, year=TODAY.year)
    assert len(lines) == budgets.count() > 0
    drawn = budgets.aggregate(total=Sum("draw_downs__amount"))["total"]
    assert sum(line.drawn for line in lines) == drawn
    spent = Cost.objects.filter(draw_down__budget__in=budgets).aggregate(total=Sum("amount"))
    assert sum(line.spent for line in lines) == spent["total"]
    assert format_kronor(lines[0].budget.amount) in response.content.decode()


def test_every_scenario_answers_its_role_on_generated_data(client):
    """Each page of bench/scenarios.py with the credential the benchmark sends (a session
    cookie, or the API client's Bearer key, made anew each run): 200, never a redirect to the
    sign-in or a 403 measured as if it were the page. The API key of an earlier run stops
    working when the next run rotates it."""
    from bench.scenarios import PAGES
    from bench.sessions import API_CLIENT, fixtures, session_cookies

    _generate()
    fx = fixtures()
    credentials = session_cookies()
    for scenario in PAGES:
        credential = credentials[scenario.role]
        client.cookies.clear()
        headers = {}
        if credential.startswith("Bearer "):
            headers["authorization"] = credential
        else:
            name, value = credential.split("=", 1)
            client.cookies[name] = value
        response = client.get(scenario.url(fx), headers=headers)
        assert response.status_code == 200, scenario.name
    earlier = credentials[API_CLIENT]
    assert session_cookies()[API_CLIENT] != earlier
    client.cookies.clear()
    [api] = [s for s in PAGES if s.role == API_CLIENT]
    assert client.get(api.url(fx), headers={"authorization": earlier}).status_code == 401


def test_generated_schedules_and_attendance_keep_the_rules():
    """Three strands a track (training beside APL); attendance only on a session day of its
    strand (never a holiday, never after today), only for members who started training, APL
    days only for those who reached APL, and every status within its rules."""
    from schedule.models import Attendance, AttendanceStatus, Strand
    from schedule.sessions import sessions_of
    from tracks.models import State

    _generate()
    assert Strand.objects.count() == 3 * Track.objects.count()
    rows = list(Attendance.objects.select_related("strand", "track_participant"))
    assert rows
    session_days = {
        strand.pk: {s.day for s in sessions_of(strand)}
        for strand in Strand.objects.prefetch_related("weekdays", "exceptions")
    }
    reached = {
        (t.track_participant_id, t.to_state)
        for t in Transition.objects.filter(to_state__in=[State.IN_TRAINING, State.IN_APL])
    }
    for row in rows:
        assert row.day in session_days[row.strand_id]
        assert row.day <= TODAY
        assert (row.track_participant_id, State.IN_TRAINING) in reached
        if row.strand.kind == "apl":
            assert (row.track_participant_id, State.IN_APL) in reached
        assert (row.status == AttendanceStatus.ABSENT_VALID) == bool(row.reason)
    statuses = Counter(row.status for row in rows)
    assert statuses[AttendanceStatus.PRESENT] > len(rows) / 2
    assert set(statuses) == set(AttendanceStatus.values)
