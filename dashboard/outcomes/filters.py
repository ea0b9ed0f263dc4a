"""What the dashboard shows: the filters, the target groups, and the participants-in-tracks
and tracks they select."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from employers.models import Employer, Occupation
from employers.shortages import in_shortage
from jobbspar.models import Organisation, Partnership
from tracks.models import Track, TrackParticipant

M = TypeVar("M", bound=Model)


class TargetGroup:
    NEWLY_ARRIVED = "newly_arrived"
    INCOME_SUPPORT = "income_support"
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"

    choices = [
        (NEWLY_ARRIVED, _("Newly arrived")),
        (INCOME_SUPPORT, _("Receives income support")),
        (LONG_TERM_UNEMPLOYED, _("Long-term unemployed")),
    ]
    fields = {
        NEWLY_ARRIVED: "newly_arrived",
        INCOME_SUPPORT: "receives_income_support",
        LONG_TERM_UNEMPLOYED: "long_term_unemployed",
    }


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows. Track filters: the track's start date (the cohort), the track,
    its employer, its need's occupation and whether that occupation is a shortage occupation for
    the partnership's county on the track's start date. Participant filters: who nominated them,
    target group and gender."""

    start_from: dt.date | None = None
    start_to: dt.date | None = None
    # The partnership in view (its tracks only), or None for the whole country.
    partnership: Partnership | None = None
    track: Track | None = None
    employer: Employer | None = None
    occupation: Occupation | None = None
    # Only tracks whose need's occupation is a shortage occupation (employers.shortages).
    shortage_only: bool = False
    nominating_organisation: Organisation | None = None
    target_group: str = ""
    gender: str = ""

    def params(self) -> dict[str, Any]:
        """The filters as plain values (ids and ISO dates): the key of a summary snapshot."""
        return {
            "start_from": self.start_from.isoformat() if self.start_from else None,
            "start_to": self.start_to.isoformat() if self.start_to else None,
            "partnership": self.partnership.pk if self.partnership else None,
            "track": self.track.pk if self.track else None,
            "employer": self.employer.pk if self.employer else None,
            "occupation": self.occupation.pk if self.occupation else None,
            "shortage_only": self.shortage_only,
            "nominating_organisation": (
                self.nominating_organisation.pk if self.nominating_organisation else None
            ),
            "target_group": self.target_group,
            "gender": self.gender,
        }

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Filters:
        """Filters again from `params()`, without a query (the measures need only the ids)."""
        return cls(
            start_from=_day(params.get("start_from")),
            start_to=_day(params.get("start_to")),
            partnership=_ref(Partnership, params.get("partnership")),
            track=_ref(Track, params.get("track")),
            employer=_ref(Employer, params.get("employer")),
            occupation=_ref(Occupation, params.get("occupation")),
            shortage_only=bool(params.get("shortage_only")),
            nominating_organisation=_ref(Organisation, params.get("nominating_organisation")),
            target_group=params.get("target_group") or "",
            gender=params.get("gender") or "",
        )

    @property
    def narrows_participants(self) -> bool:
        return bool(self.nominating_organisation or self.target_group or self.gender)

    def track_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.start_from:
            q &= Q(**{f"{prefix}start_date__gte": self.start_from})
        if self.start_to:
            q &= Q(**{f"{prefix}start_date__lte": self.start_to})
        if self.partnership:
            q &= Q(**{f"{prefix}partnership": self.partnership.pk})
        if self.track:
            q &= Q(**{f"{prefix}pk": self.track.pk})
        if self.employer:
            q &= Q(**{f"{prefix}employer": self.employer.pk})
        if self.occupation:
            q &= Q(**{f"{prefix}need__occupation": self.occupation.pk})
        if self.shortage_only:
            q &= Q(
                in_shortage(
                    occupation=f"{prefix}need__occupation",
                    region=f"{prefix}partnership__region",
                    day=f"{prefix}start_date",
                )
            )
        return q

    def member_q(self, prefix: str = "") -> Q:
        """The participants-in-tracks in view (prefix: the path to TrackParticipant)."""
        q = self.track_q(f"{prefix}track__")
        if self.nominating_organisation:
            q &= Q(**{f"{prefix}nominating_organisation": self.nominating_organisation.pk})
        if self.target_group:
            q &= Q(**{f"{prefix}participant__{TargetGroup.fields[self.target_group]}": True})
        if self.gender:
            q &= Q(**{f"{prefix}participant__gender": self.gender})
        return q


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _ref(model: type[M], value: int | None) -> M | None:
    """An unsaved instance carrying only the primary key: enough for a filter."""
    return model(pk=value) if value is not None else None


def members_in_view(filters: Filters) -> QuerySet[TrackParticipant]:
    members: QuerySet[TrackParticipant] = TrackParticipant.objects.filter(filters.member_q())
    return members
