"""Named plan templates: a track's strands and weekly patterns in one step.

The templates are defined here, in code, not stored as data: there are a few, they are reviewed
and tested with the rules that read them, and a change to one is a change to how tracks are run
(docs/schedule.md says why). A template gives each strand its weeks of the track (week 1 is the
track's first seven days) and its weekly pattern; applying it to a track makes the strands
through `planning.save_strand` and `planning.save_pattern`, so the same rules hold as when a
coordinator plans by hand, and the sessions follow over holidays as for any strand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobbspar.access import refetch
from schedule import planning
from schedule.models import LanguageCourse, Strand, StrandKind, StrandWeekday
from schedule.sessions import TimeSpan
from tracks.models import ResponsibleParty, Track


def _times(start: str, end: str) -> TimeSpan:
    return (dt.time.fromisoformat(start), dt.time.fromisoformat(end))


FULL_DAY = _times("08:30", "15:00")
MORNING = _times("08:30", "12:00")
AFTERNOON = _times("13:00", "16:00")
WORKDAY = _times("07:00", "16:00")
INTRODUCTION_DAY = _times("09:00", "15:00")


@dataclass(frozen=True)
class StrandTemplate:
    """One strand: its kind, name, responsible party, weeks of the track (first and last,
    counted from 1) and weekly pattern (0 = Monday)."""

    kind: str
    name: str
    responsible: str
    first_week: int
    last_week: int
    weekly: dict[int, TimeSpan]
    language_course: str = ""
    level: str = ""


@dataclass(frozen=True)
class PlanTemplate:
    key: str
    name: Promise
    description: Promise
    weeks: int
    strands: tuple[StrandTemplate, ...]


INTRODUCTION = StrandTemplate(
    kind=StrandKind.OTHER,
    name="Introduktionsvecka",
    responsible=ResponsibleParty.MUNICIPALITY,
    first_week=1,
    last_week=1,
    weekly=dict.fromkeys(range(5), INTRODUCTION_DAY),
)

# The pilot of the source material: 27 weeks, of which 10 weeks of APL in parallel with the
# training; yrkessvenska on Tuesday afternoons throughout the training.
COMBINED_27 = PlanTemplate(
    key="combined-27",
    name=gettext_lazy("Kombinationsutbildning 27 veckor (10 veckor APL)"),
    description=gettext_lazy(
        "Introduction week; vocational training Monday to Friday in weeks 2–17; in the last 10 "
        "weeks training Monday to Wednesday and APL Thursday and Friday; yrkessvenska on "
        "Tuesday afternoons from week 2."
    ),
    weeks=27,
    strands=(
        INTRODUCTION,
        StrandTemplate(
            kind=StrandKind.TRAINING,
            name="Yrkesutbildning",
            responsible=ResponsibleParty.PROVIDER,
            first_week=2,
            last_week=17,
            weekly={0: FULL_DAY, 1: MORNING, 2: FULL_DAY, 3: FULL_DAY, 4: FULL_DAY},
        ),
        StrandTemplate(
            kind=StrandKind.TRAINING,
            name="Yrkesutbildning parallellt med APL",
            responsible=ResponsibleParty.PROVIDER,
            first_week=18,
            last_week=27,
            weekly={0: FULL_DAY, 1: MORNING, 2: FULL_DAY},
        ),
        StrandTemplate(
            kind=StrandKind.LANGUAGE,
            name="",
            language_course=LanguageCourse.VOCATIONAL_SWEDISH,
            responsible=ResponsibleParty.PROVIDER,
            first_week=2,
            last_week=27,
            weekly={1: AFTERNOON},
        ),
        StrandTemplate(
            kind=StrandKind.APL,
            name="",
            responsible=ResponsibleParty.EMPLOYER,
            first_week=18,
            last_week=27,
            weekly={3: WORKDAY, 4: WORKDAY},
        ),
    ),
)

SHORT_7 = PlanTemplate(
    key="short-7",
    name=gettext_lazy("Kort jobbspår 7 veckor (2 veckor APL)"),
    description=gettext_lazy(
        "Introduction week; vocational training Monday to Thursday in weeks 2–5 with "
        "yrkessvenska on Friday mornings; APL Monday to Friday in weeks 6 and 7."
    ),
    weeks=7,
    strands=(
        INTRODUCTION,
        StrandTemplate(
            kind=StrandKind.TRAINING,
            name="Yrkesutbildning",
            responsible=ResponsibleParty.PROVIDER,
            first_week=2,
            last_week=5,
            weekly=dict.fromkeys(range(4), FULL_DAY),
        ),
        StrandTemplate(
            kind=StrandKind.LANGUAGE,
            name="",
            language_course=LanguageCourse.VOCATIONAL_SWEDISH,
            responsible=ResponsibleParty.PROVIDER,
            first_week=2,
            last_week=5,
            weekly={4: MORNING},
        ),
        StrandTemplate(
            kind=StrandKind.APL,
            name="",
            responsible=ResponsibleParty.EMPLOYER,
            first_week=6,
            last_week=7,
            weekly=dict.fromkeys(range(5), WORKDAY),
        ),
    ),
)

PLAN_TEMPLATES: dict[str, PlanTemplate] = {
    template.key: template for template in (COMBINED_27, SHORT_7)
}


def week_dates(track: Track, first_week: int, last_week: int) -> tuple[dt.date, dt.date]:
    """The first day of week `first_week` and the last of week `last_week` of the track."""
    return (
        track.start_date + dt.timedelta(weeks=first_week - 1),
        track.start_date + dt.timedelta(weeks=last_week, days=-1),
    )


def apply_plan_template(*, track: Track, key: str) -> list[Strand]:
    """Make the template's strands and weekly patterns on `track`, all or nothing: only on a
    track of the template's length that has no strands yet."""
    template = PLAN_TEMPLATES.get(key)
    if template is None:
        raise ValidationError(_("Choose one of the plan templates."))
    if track.weeks != template.weeks:
        raise ValidationError(
            _(
                "The template “%(template)s” is for a track of %(template_weeks)s weeks; this "
                "track is %(weeks)s weeks long."
            )
            % {"template": template.name, "template_weeks": template.weeks, "weeks": track.weeks}
        )
    made = []
    with transaction.atomic():
        # Lock the track so two coordinators applying at once make one plan, not two.
        refetch(track).select_for_update().get()
        if track.strands.exists():
            raise ValidationError(
                _("The track already has strands; a template is applied to a track without any.")
            )
        for part in template.strands:
            starts_on, ends_on = week_dates(track, part.first_week, part.last_week)
            strand = Strand(
                track=track,
                kind=part.kind,
                name=part.name,
                language_course=part.language_course,
                level=part.level,
                responsible=part.responsible,
                starts_on=starts_on,
                ends_on=ends_on,
            )
            planning.save_strand(strand=strand)
            made.append(strand)
        # New strands have no exceptions or attendance for a pattern to contradict; the
        # database holds weekdays Monday–Friday and times that end after they start.
        StrandWeekday.objects.bulk_create(
            StrandWeekday(strand=strand, weekday=weekday, starts_at=start, ends_at=end)
            for strand, part in zip(made, template.strands, strict=True)
            for weekday, (start, end) in sorted(part.weekly.items())
        )
    return made
