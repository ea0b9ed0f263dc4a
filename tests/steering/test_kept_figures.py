"""The steering page's figures kept for a few minutes (steering.kept, issue 18): computed and
kept on the first view, read as kept after, the same figures either way; a cost booked,
changed or removed shows at once, also when it was booked while another request computed the
figures; what members do shows within the maximum age; Celery's refresh."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobbspar.models import Partnership
from steering import figures, kept
from steering.figures import Period, counts_for, figures_for
from steering.models import Cost, CostsGeneration, FiguresSnapshot, SteeringMember
from steering.tasks import refresh_figures
from tests.jobbspar.factories import PartnershipFactory
from tests.steering import test_steering_figures
from tests.steering.factories import BudgetFactory, CostFactory, DrawDownFactory
from tests.steering.test_steering_figures import DAY, page, people
from tests.steering.test_steering_pages import text

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = Period.year(2027)
SPENT = "Kostnader under perioden 123 456,78 kr"
HIRES = "Anställda i de spåren 7"
# The note under kept figures (after their time), and under figures computed for the request.
KEPT_NOTE = "; de räknas om var 5:e minut och visas aldrig när de är äldre än 15 minuter."
LIVE_NOTE = "Siffrorna beräknades nu ur aktuella uppgifter."

case = test_steering_figures.case  # the fixture: 2027's figures of a hand-built case


def generation(partnership) -> int:
    row = CostsGeneration.objects.filter(partnership=partnership).first()
    return 0 if row is None else row.generation


def test_the_first_view_keeps_the_figures_and_the_next_reads_them(
    client, manager, partnership, case
):
    client.force_login(manager)
    first = client.get(page(partnership))
    assert LIVE_NOTE in text(first)
    snapshot = FiguresSnapshot.objects.get(partnership=partnership)
    assert (snapshot.start, snapshot.end) == (YEAR.start, YEAR.end)
    assert snapshot.generation == generation(partnership) == 3
    with CaptureQueriesContext(connection) as captured:
        second = client.get(page(partnership))
    body = text(second)
    assert KEPT_NOTE in body and LIVE_NOTE not in body
    assert not any("tracks_trackparticipant" in q["sql"] for q in captured.captured_queries)
    # The same figures as computed now, whichever way they came.
    assert second.context["figures"].computed_at == snapshot.computed_at
    live = figures_for(manager, partnership.pk, YEAR, 80)
    for name in ("tracks", "placement", "costs", "hires", "shortage_hires"):
        assert getattr(second.context["figures"], name) == getattr(live, name), name
        assert getattr(first.context["figures"], name) == getattr(live, name), name
    assert SPENT in body and HIRES in body
    # Another year is kept on its own.
    client.get(page(partnership, 2026))
    assert FiguresSnapshot.objects.filter(partnership=partnership).count() == 2


def test_a_cost_booked_changed_or_removed_shows_at_once(client, manager, partnership, case):
    SteeringMember.objects.create(partnership=partnership, user=manager)
    client.force_login(manager)
    assert SPENT in text(client.get(page(partnership)))
    assert KEPT_NOTE in text(client.get(page(partnership)))
    draw_down = Cost.objects.filter(spent_on__year=2027).first().draw_down
    response = client.post(
        f"/steering/{partnership.pk}/costs/new/",
        {
            "draw_down": draw_down.pk,
            "track": case.pk,
            "kind": "other",
            "amount": "1 000,00",
            "spent_on": "2027-11-02",
        },
    )
    assert response.status_code == 302
    assert generation(partnership) == 4
    body = text(client.get(page(partnership)))
    assert "Kostnader under perioden 124 456,78 kr" in body and LIVE_NOTE in body
    cost = Cost.objects.get(amount=D("1000.00"))
    cost.amount = D("2000.00")
    cost.save()
    assert "Kostnader under perioden 125 456,78 kr" in text(client.get(page(partnership)))
    response = client.post(f"/steering/costs/{cost.pk}/delete/")
    assert response.status_code == 302
    assert SPENT in text(client.get(page(partnership)))
    assert generation(partnership) == 6


def test_a_cost_moved_to_another_partnership_counts_a_change_of_both(partnership, case):
    other = PartnershipFactory()
    other_draw_down = DrawDownFactory(budget=BudgetFactory(partnership=other))
    cost = Cost.objects.filter(spent_on__year=2027).first()
    before = generation(partnership)
    Cost.objects.filter(pk=cost.pk).update(draw_down=other_draw_down)
    assert (generation(partnership), generation(other)) == (before + 1, 1)
    # A statement of many rows counts each row.
    Cost.objects.filter(draw_down__budget__partnership=partnership).update(note="x")
    assert generation(partnership) == before + 3


def test_figures_computed_while_a_cost_was_booked_are_not_shown_after_it(
    client, manager, partnership, case
):
    """A request reads the count of cost changes with the partnership, then the costs; another
    books a cost between the two (or after both, before the first keeps its figures). The
    figures the first keeps lack the cost, under the count before it: never shown."""
    client.force_login(manager)
    read_before = generation(partnership)
    counts_without = counts_for(manager, partnership.pk, YEAR)
    draw_down = Cost.objects.filter(spent_on__year=2027).first().draw_down
    CostFactory(draw_down=draw_down, track=case, amount=D("1000.00"), spent_on=DAY)
    kept._keep(partnership.pk, YEAR, counts_without, read_before, timezone.now())
    body = text(client.get(page(partnership)))
    assert "Kostnader under perioden 124 456,78 kr" in body and LIVE_NOTE in body
    assert KEPT_NOTE in text(client.get(page(partnership)))


def test_a_cost_booked_while_the_page_computes_shows_on_the_next_view(
    client, manager, partnership, case, monkeypatch
):
    """The page reads the count of cost changes with the partnership, then computes; a cost
    booked after its costs were read is missing from what it shows and keeps, and shown on the
    next view."""
    client.force_login(manager)
    computing = figures.counts_for
    draw_down = Cost.objects.filter(spent_on__year=2027).first().draw_down

    def booked_meanwhile(*args, **kwargs):
        counts = computing(*args, **kwargs)
        CostFactory(draw_down=draw_down, track=case, amount=D("1000.00"), spent_on=DAY)
        return counts

    monkeypatch.setattr(figures, "counts_for", booked_meanwhile)
    assert SPENT in text(client.get(page(partnership)))
    monkeypatch.setattr(figures, "counts_for", computing)
    body = text(client.get(page(partnership)))
    assert "Kostnader under perioden 124 456,78 kr" in body and LIVE_NOTE in body
    assert KEPT_NOTE in text(client.get(page(partnership)))


def test_a_cost_booked_while_the_refresh_computes_is_not_hidden(
    client, manager, partnership, case, monkeypatch
):
    computing = figures.steering_counts

    def booked_meanwhile(**kwargs):
        counts = computing(**kwargs)
        if kwargs["partnership_id"] == partnership.pk:
            draw_down = Cost.objects.filter(spent_on__year=2027).first().draw_down
            CostFactory(draw_down=draw_down, track=case, amount=D("1000.00"), spent_on=DAY)
        return counts

    now = timezone.make_aware(dt.datetime(2027, 6, 1, 12, 0))
    monkeypatch.setattr(timezone, "now", lambda: now)
    monkeypatch.setattr(figures, "steering_counts", booked_meanwhile)
    kept.refresh()
    assert FiguresSnapshot.objects.get(partnership=partnership).counts["spent"] == "123456.78"
    client.force_login(manager)
    body = text(client.get(page(partnership)))
    assert "Kostnader under perioden 124 456,78 kr" in body and LIVE_NOTE in body


def test_what_members_do_shows_within_the_maximum_age(client, manager, partnership, case):
    client.force_login(manager)
    client.get(page(partnership))
    people(case, 1, started_on=DAY, employed_on=dt.date(2027, 10, 1))
    # Kept: the hire is not counted yet, and the page says when the figures were computed.
    body = text(client.get(page(partnership)))
    assert HIRES in body and KEPT_NOTE in body
    older = timezone.now() - dt.timedelta(minutes=settings.STEERING_FIGURES_MAX_AGE_MINUTES)
    FiguresSnapshot.objects.update(computed_at=older)
    body = text(client.get(page(partnership)))
    assert "Anställda i de spåren 8" in body and LIVE_NOTE in body


def test_kept_figures_of_another_shape_or_another_partnership_are_not_read(
    client, manager, partnership, case
):
    client.force_login(manager)
    client.get(page(partnership))
    snapshot = FiguresSnapshot.objects.get()
    FiguresSnapshot.objects.update(counts={**snapshot.counts, "format": kept.FORMAT + 1})
    assert LIVE_NOTE in text(client.get(page(partnership)))
    # Figures kept for another partnership are never this one's.
    other = PartnershipFactory(municipality=partnership.municipality)
    body = text(client.get(page(other)))
    assert LIVE_NOTE in body and SPENT not in body
    assert "Kostnader under perioden 0,00 kr" in body


def test_a_view_an_hour_later_marks_the_figures_viewed(client, manager, partnership, case):
    client.force_login(manager)
    client.get(page(partnership))
    an_hour_ago = timezone.now() - kept.VIEWED_TOUCH - dt.timedelta(seconds=1)
    FiguresSnapshot.objects.update(last_viewed_at=an_hour_ago)
    computed_at = FiguresSnapshot.objects.get().computed_at
    assert KEPT_NOTE in text(client.get(page(partnership)))
    marked = FiguresSnapshot.objects.get()
    assert marked.last_viewed_at > an_hour_ago and marked.computed_at == computed_at


def test_the_refresh_keeps_every_partnerships_year_and_what_was_viewed(
    manager, partnership, case, monkeypatch
):
    now = timezone.make_aware(dt.datetime(2027, 6, 1, 12, 0))
    monkeypatch.setattr(timezone, "now", lambda: now)
    other = PartnershipFactory()
    # Viewed lately: 2026, fresh (not recomputed); forgotten: viewed eight days ago.
    fresh = FiguresSnapshot.objects.create(
        partnership=partnership,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        counts={"format": kept.FORMAT, "mark": "fresh"},
        generation=generation(partnership),
        computed_at=now,
        last_viewed_at=now,
    )
    FiguresSnapshot.objects.create(
        partnership=other,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        counts={},
        generation=0,
        computed_at=now - dt.timedelta(days=8),
        last_viewed_at=now - dt.timedelta(days=8),
    )
    # Every partnership's current year, computed.
    assert kept.refresh() == Partnership.objects.count()
    years = FiguresSnapshot.objects.filter(start=YEAR.start, end=YEAR.end)
    assert set(years.values_list("partnership", flat=True)) == set(
        Partnership.objects.values_list("pk", flat=True)
    )
    assert not FiguresSnapshot.objects.filter(start=dt.date(2025, 1, 1)).exists()
    fresh.refresh_from_db()
    assert fresh.counts["mark"] == "fresh"
    # The refresh's figures are those a user who may see the partnership gets now.
    mine = years.get(partnership=partnership)
    assert mine.generation == generation(partnership) == 3
    expected = {**counts_for(manager, partnership.pk, YEAR), "format": kept.FORMAT}
    assert mine.counts == expected
    # Nothing is due again until half the interval has passed or a cost changed.
    assert kept.refresh() == 0
    CostFactory(
        draw_down=Cost.objects.filter(spent_on__year=2027).first().draw_down,
        track=case,
        amount=D("1.00"),
        spent_on=DAY,
    )
    # Both of the partnership's years (the cost was booked under the count both were kept at).
    assert kept.refresh() == 2
    assert years.get(partnership=partnership).counts["spent"] == "123457.78"
    later = now + kept.refresh_interval() / 2
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert kept.refresh() == Partnership.objects.count() + 1  # and the 2026 figures viewed


def test_the_refresh_takes_the_most_out_of_date_first_and_keeps_this_year(
    partnership, case, monkeypatch
):
    now = timezone.make_aware(dt.datetime(2027, 6, 1, 12, 0))
    monkeypatch.setattr(timezone, "now", lambda: now)
    booked, aged = PartnershipFactory(), PartnershipFactory()
    kept.refresh()
    # Another format; a cost booked since; computed long ago: due in that order, then none.
    row = FiguresSnapshot.objects.get(partnership=partnership)
    FiguresSnapshot.objects.filter(pk=row.pk).update(
        counts={**row.counts, "format": kept.FORMAT + 1}
    )
    CostFactory(draw_down=DrawDownFactory(budget=BudgetFactory(partnership=booked)), spent_on=DAY)
    long_ago = now - dt.timedelta(hours=1)
    FiguresSnapshot.objects.filter(partnership=aged).update(computed_at=long_ago)
    assert kept.refresh(limit=2) == 2
    assert FiguresSnapshot.objects.get(partnership=partnership).counts["format"] == kept.FORMAT
    assert FiguresSnapshot.objects.get(partnership=booked).generation == 1
    assert FiguresSnapshot.objects.get(partnership=aged).computed_at == long_ago
    assert kept.refresh(limit=2) == 1
    assert FiguresSnapshot.objects.get(partnership=aged).computed_at == now
    # A partnership's current year is kept unviewed; another period is forgotten after a week.
    a_week_ago = now - kept.FORGET_AFTER - dt.timedelta(seconds=1)
    FiguresSnapshot.objects.create(
        partnership=partnership,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        counts={"format": kept.FORMAT},
        generation=0,
        computed_at=a_week_ago,
        last_viewed_at=a_week_ago,
    )
    FiguresSnapshot.objects.update(last_viewed_at=a_week_ago)
    assert kept.refresh() == 0
    assert set(FiguresSnapshot.objects.values_list("start", flat=True)) == {YEAR.start}
    assert FiguresSnapshot.objects.count() == Partnership.objects.count()


def test_the_refresh_runs_on_celery_beat(partnership):
    entry = settings.CELERY_BEAT_SCHEDULE["steering-figures"]
    assert entry == {
        "task": refresh_figures.name,
        "schedule": settings.STEERING_FIGURES_REFRESH_MINUTES * 60.0,
    }
    assert refresh_figures.name == "steering.refresh_figures"
    assert refresh_figures() == 1  # the partnership's current year
    assert FiguresSnapshot.objects.filter(partnership=partnership).count() == 1
