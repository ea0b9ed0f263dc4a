"""Each partnership's steering group (issue 17): its members, meetings with decisions, a budget
per funding source and year, two committees' draw-downs from each, and costs booked on the
partnership's tracks against them.

The money is planned backwards so every rule of steering.money holds without a check per row:
the costs first (on tracks that have started, dated in their start year and not after today),
then each draw-down as what was booked on it plus some left over, then each budget as its
draw-downs plus some not yet drawn. Amounts are exact kronor and öre (Decimal).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bench.dataset.generation import Generation
from bench.dataset.loader import Row
from bench.dataset.records import PlannedTrack
from steering.models import (
    Budget,
    Cost,
    CostKind,
    DrawDown,
    SteeringDecision,
    SteeringMeeting,
    SteeringMember,
)
from tracks.models import FundingSourceKind

SOURCES = (
    FundingSourceKind.JOBBPAKTEN,
    FundingSourceKind.EMPLOYMENT_SERVICE,
    FundingSourceKind.COMMITTEE,
)
COMMITTEES = (
    "Arbetsmarknads- och socialnämnden",
    "Gymnasie- och vuxenutbildningsnämnden",
)
MEETINGS_PER_PARTNERSHIP = 4
DECISIONS_PER_MEETING = 2


def _kronor(rng_value: int, ore: int) -> Decimal:
    return Decimal(rng_value) + Decimal(ore) / 100


class Steering(Generation):
    def steering(self, tracks: list[PlannedTrack]) -> None:
        rng = self.rng
        years = sorted({t.start.year for t in tracks if t.start <= self.today}) or [self.today.year]
        # (region, year, source, committee) -> draw-down id; costs are planned per draw-down.
        keys = [
            (r, year, source, committee)
            for r in range(len(self.regions))
            for year in years
            for source in SOURCES
            for committee in COMMITTEES
        ]
        draw_id = dict(zip(keys, self.load.ids(DrawDown, len(keys)), strict=True))
        booked: dict[int, Decimal] = dict.fromkeys(draw_id.values(), Decimal(0))
        costs: list[Row] = []
        for track in tracks:
            if track.start > self.today:
                continue
            region = self.regions[track.region]
            last_day = min(dt.date(track.start.year, 12, 31), self.today)
            for _ in range(rng.randint(1, 2)):
                key = (track.region, track.start.year, rng.choice(SOURCES), rng.choice(COMMITTEES))
                amount = _kronor(rng.randint(5_000, 90_000), rng.randrange(100))
                booked[draw_id[key]] += amount
                costs.append(
                    {
                        "draw_down_id": draw_id[key],
                        "track_id": track.id,
                        "kind": rng.choice(CostKind.values),
                        "amount": amount,
                        "spent_on": track.start
                        + dt.timedelta(days=rng.randint(0, (last_day - track.start).days)),
                        "note": "",
                        "recorded_by_id": rng.choice(region.municipal_coordinators),
                    }
                )
        budget_keys = [
            (r, year, source)
            for r in range(len(self.regions))
            for year in years
            for source in SOURCES
        ]
        budget_id = dict(zip(budget_keys, self.load.ids(Budget, len(budget_keys)), strict=True))
        budgets: list[Row] = []
        draws: list[Row] = []
        for r, year, source in budget_keys:
            region = self.regions[r]
            total = Decimal(0)
            for committee in COMMITTEES:
                pk = draw_id[(r, year, source, committee)]
                amount = booked[pk] + rng.randint(1, 40) * 10_000
                total += amount
                draws.append(
                    {
                        "id": pk,
                        "budget_id": budget_id[(r, year, source)],
                        "committee": committee,
                        "amount": amount,
                        "drawn_on": dt.date(year, rng.randint(1, 2), rng.randint(1, 28)),
                        "purpose": "Förstärkning av jobbspåren",
                        "recorded_by_id": rng.choice(region.municipal_coordinators),
                    }
                )
            budgets.append(
                {
                    "id": budget_id[(r, year, source)],
                    "partnership_id": region.partnership_id,
                    "source": source,
                    "year": year,
                    "amount": total + rng.randint(0, 50) * 10_000,
                    "note": "",
                }
            )
        members: list[Row] = []
        meetings: list[Row] = []
        decisions: list[Row] = []
        meeting_ids = iter(
            self.load.ids(SteeringMeeting, len(self.regions) * MEETINGS_PER_PARTNERSHIP)
        )
        for region in self.regions:
            responsible = region.municipal_coordinators[0]
            for user in dict.fromkeys([region.af_coordinators[0], responsible]):
                members.append({"partnership_id": region.partnership_id, "user_id": user})
            for number in range(MEETINGS_PER_PARTNERSHIP):
                pk = next(meeting_ids)
                held_on = self.today - dt.timedelta(days=90 * number + rng.randint(0, 20))
                meetings.append(
                    {
                        "id": pk,
                        "partnership_id": region.partnership_id,
                        "held_on": held_on,
                        "agenda": "1. Läget i jobbspåren\n2. Budget och avrop",
                        "minutes": "Styrgruppen gick igenom placeringsgraden.",
                        "created_by_id": responsible,
                    }
                )
                for index in range(DECISIONS_PER_MEETING):
                    done = number > 0 and index == 0
                    decisions.append(
                        {
                            "partnership_id": region.partnership_id,
                            "meeting_id": pk,
                            "decision": "Ett nytt jobbspår planeras.",
                            "decided_by": "Styrgruppen",
                            "follow_up_on": held_on + dt.timedelta(days=60),
                            "responsible_id": responsible,
                            "done": done,
                            "done_on": held_on + dt.timedelta(days=30) if done else None,
                        }
                    )
        self.load.copy(SteeringMember, members)
        self.load.copy(SteeringMeeting, meetings)
        self.load.copy(SteeringDecision, decisions)
        self.load.copy(Budget, budgets)
        self.load.copy(DrawDown, draws)
        self.load.copy(Cost, costs)
        self.progress.step("steering groups and money", len(self.regions), len(self.regions))
