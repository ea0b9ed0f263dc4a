"""The employer's view of a track: where it is (the phase timeline) and what is expected of them
next. Plain functions over rows the views have already loaded, so they add no queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from employers.models import Party
from jobbspar.local_time import format_date, format_datetime
from tracks.decisions import deadline_passed, may_decide
from tracks.models import Phase, PhaseKind, Track


@dataclass(frozen=True)
class TimelineStep:
    title: str
    kind_label: str
    starts_on: dt.date
    ends_on: dt.date
    status: str  # done / current / coming
    status_label: str


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str


def _date(day: dt.date) -> str:
    return format_date(day, "j F Y")


def timeline(phases: list[Phase], today: dt.date) -> list[TimelineStep]:
    steps = []
    for phase in phases:
        if phase.ends_on < today:
            status, label = "done", _("Done")
        elif phase.starts_on <= today:
            status, label = "current", _("Now")
        else:
            status, label = "coming", _("Coming")
        steps.append(
            TimelineStep(
                title=phase.title,
                kind_label=phase.get_kind_display(),
                starts_on=phase.starts_on,
                ends_on=phase.ends_on,
                status=status,
                status_label=label,
            )
        )
    return steps


def next_steps(
    *,
    track: Track,
    phases: list[Phase],
    undecided: int,
    presented: int,
    completed: int,
    meetings: list,
    agreement_confirmed: bool | None,
    today: dt.date,
) -> list[NextStep]:
    """What the employer is expected to do next in `track`, most urgent first."""
    steps = []
    candidates_url = reverse("portal:candidates", args=[track.pk])
    track_url = reverse("portal:track", args=[track.pk])
    if presented and may_decide(track, today):
        if track.selection_deadline:
            text = _("Choose your participants by %(date)s (%(count)s candidates to decide on).")
            text = text % {"date": _date(track.selection_deadline), "count": undecided}
        else:
            text = _("Choose your participants (%(count)s candidates to decide on).") % {
                "count": undecided
            }
        steps.append(NextStep(text, candidates_url))
    elif presented and deadline_passed(track, today):
        steps.append(
            NextStep(
                _("The selection deadline has passed; the coordinators settle the selection."),
                candidates_url,
            )
        )
    if agreement_confirmed is False:
        steps.append(
            NextStep(
                _("Read and confirm the agreement."),
                reverse("portal:agreement", args=[track.pk]),
            )
        )
    for meeting in meetings[:2]:
        steps.append(
            NextStep(
                _("Meeting on %(when)s: %(title)s")
                % {
                    "when": format_datetime(meeting.starts_at, "j F Y H:i"),
                    "title": meeting.title,
                },
                reverse("portal:meeting_ics", args=[meeting.pk]),
            )
        )
    for phase in phases:
        if phase.kind == PhaseKind.APL and today <= phase.starts_on <= today + dt.timedelta(
            days=21
        ):
            steps.append(
                NextStep(
                    _("APL starts on %(date)s: have the workplace and the mentor ready.")
                    % {"date": _date(phase.starts_on)},
                    track_url,
                )
            )
    if completed:
        steps.append(
            NextStep(
                _("Record job offers (%(count)s participants have completed the track).")
                % {"count": completed},
                track_url,
            )
        )
    return steps


def employer_confirmed(agreement) -> bool | None:
    """None without an agreement; else whether the employer's party has confirmed it
    (uses the prefetched confirmations)."""
    if agreement is None:
        return None
    return any(c.party == Party.EMPLOYER for c in agreement.confirmations.all())
