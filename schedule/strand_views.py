"""The track's schedule page and the planning of its strands: add, edit and delete a strand, set
its weekly pattern, add and remove exceptions. Coordinators and the administrator plan; everyone
who may open the track reads. Rules live in schedule/planning.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from employers.access import education_providers_for
from jobbspar import locking
from jobbspar.access import role_required
from jobbspar.database import prepared
from jobbspar.database.nested import instances, nested, prefetched
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import User
from schedule import access, planning
from schedule.access import SCHEDULE_EDITORS, SCHEDULE_VIEWERS
from schedule.forms import ExceptionForm, PatternForm, StrandForm
from schedule.models import Strand, StrandException, StrandWeekday
from schedule.rates import strand_rates
from schedule.sessions import sessions_of
from tracks.access import tracks_for
from tracks.models import Track


def track_for(request: AuthenticatedRequest, pk: int) -> Track:
    """The track a URL names, if the user may open it (else 404): built once per kind of user
    (jobbspar/database/prepared.py)."""
    track: Track = prepared.get_or_404(_track, request.user, pk)
    return track


def _track(user: User, pk: int) -> QuerySet[Track]:
    return tracks_for(user).select_related("employer").filter(pk=pk)


def strands_of(request: AuthenticatedRequest, track: Track) -> list[Strand]:
    """The track's strands with their weekly patterns and exceptions: one statement, built once
    per kind of user (jobbspar/database/prepared.py; three built on every request were ~1.5 ms
    of the week calendar, issue 18)."""
    strands: list[Strand] = prepared.evaluate(_track_strands, request.user, track.pk)
    for strand in strands:
        with_pattern(strand)
    return strands


def _track_strands(user: User, track_id: int) -> QuerySet[Strand]:
    return (
        access.strands_for(user)
        .filter(track=track_id)
        .select_related("provider")
        .annotate(**pattern_lists(user))
    )


def pattern_lists(user: User) -> dict[str, Subquery]:
    """The weekly pattern and the exceptions of the strand in the outer query, as values of its
    row, each under pattern_of_outer_strand's rule whatever query they are read in."""
    return {
        "weekday_rows": nested(
            access.pattern_of_outer_strand(user, StrandWeekday),
            parent="strand",
            order_by=("weekday", "id"),
        ),
        "exception_rows": nested(
            access.pattern_of_outer_strand(user, StrandException),
            parent="strand",
            order_by=("day", "id"),
        ),
    }


def with_pattern(strand: Strand) -> Strand:
    """`strand`, read with pattern_lists, with its weekly pattern and exceptions as its
    `weekdays` and `exceptions` (as prefetched), so that sessions_of asks no query."""
    annotated: Any = strand  # with pattern_lists' values
    for name, model, rows in (
        ("weekdays", StrandWeekday, annotated.weekday_rows),
        ("exceptions", StrandException, annotated.exception_rows),
    ):
        prefetched(strand, name, instances(model, rows, of=strand, strand=strand))
    return strand


def strand_for(request: AuthenticatedRequest, track: Track, strand_pk: int) -> Strand:
    """One strand of `track` (404 for a strand of another track). Built once per kind of user
    (jobbspar/database/prepared.py)."""
    strand: Strand = prepared.get_or_404(_strand, request.user, track.pk, strand_pk)
    return strand


def _strand(user: User, track_id: int, pk: int) -> QuerySet[Strand]:
    return access.strands_for(user).filter(track=track_id, pk=pk).select_related("track")


@role_required(*SCHEDULE_VIEWERS)
def track_schedule(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = track_for(request, pk)
    strands = strands_of(request, track)
    counts = {strand.pk: len(sessions_of(strand)) for strand in strands}
    return render(
        request,
        "schedule/track_schedule.html",
        {
            "track": track,
            "strands": [(strand, counts[strand.pk]) for strand in strands],
            "may_edit": access.may_edit_schedule(request.user),
            "may_record": access.may_record_attendance(request.user),
            "strand_rates": strand_rates(access.attendance_for(request.user), strands)
            if strands and access.may_record_attendance(request.user)
            else [],
        },
    )


@role_required(*SCHEDULE_EDITORS)
def strand_edit(
    request: AuthenticatedRequest, pk: int, strand_pk: int | None = None
) -> HttpResponse:
    track = track_for(request, pk)
    strand = strand_for(request, track, strand_pk) if strand_pk else Strand(track=track)
    form = StrandForm(
        request.POST or None,
        instance=strand,
        providers=education_providers_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = locking.save_or_conflict(
                form, lambda: planning.save_strand(strand=form.instance)
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            if saved:
                messages.success(request, _("The strand was saved."))
                if strand_pk is None:
                    return redirect("schedule:pattern_edit", pk=track.pk, strand_pk=saved.pk)
                return redirect("schedule:track_schedule", pk=track.pk)
    return render(
        request, "schedule/strand_form.html", {"form": form, "track": track, "strand": strand}
    )


@role_required(*SCHEDULE_EDITORS)
def strand_delete(request: AuthenticatedRequest, pk: int, strand_pk: int) -> HttpResponse:
    track = track_for(request, pk)
    strand = strand_for(request, track, strand_pk)
    error = ""
    if request.method == "POST":
        try:
            planning.delete_strand(strand=strand)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request, _("The strand “%(strand)s” was deleted.") % {"strand": strand}
            )
            return redirect("schedule:track_schedule", pk=track.pk)
    return render(
        request,
        "schedule/confirm_delete.html",
        {
            "track": track,
            "error": error,
            "heading": _("Delete the strand “%(strand)s”?") % {"strand": strand},
            "explanation": _("Its weekly pattern and exceptions are deleted with it."),
        },
    )


@role_required(*SCHEDULE_EDITORS)
def pattern_edit(request: AuthenticatedRequest, pk: int, strand_pk: int) -> HttpResponse:
    track = track_for(request, pk)
    strand = strand_for(request, track, strand_pk)
    # Bound on every POST: all times empty is a valid pattern (the strand meets on no day).
    form = PatternForm(request.POST if request.method == "POST" else None, strand=strand)
    if request.method == "POST" and form.is_valid():
        try:
            planning.save_pattern(strand=strand, weekly=form.weekly())
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(request, _("The weekly pattern was saved."))
            return redirect("schedule:track_schedule", pk=track.pk)
    return render(
        request, "schedule/pattern_form.html", {"form": form, "track": track, "strand": strand}
    )


@role_required(*SCHEDULE_EDITORS)
def exception_add(request: AuthenticatedRequest, pk: int, strand_pk: int) -> HttpResponse:
    track = track_for(request, pk)
    strand = strand_for(request, track, strand_pk)
    form = ExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            planning.add_exception(
                strand=strand,
                day=form.cleaned_data["day"],
                kind=form.cleaned_data["kind"],
                times=form.times(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(request, _("The exception was saved."))
            return redirect("schedule:track_schedule", pk=track.pk)
    return render(
        request, "schedule/exception_form.html", {"form": form, "track": track, "strand": strand}
    )


@role_required(*SCHEDULE_EDITORS)
def exception_delete(
    request: AuthenticatedRequest, pk: int, strand_pk: int, exception_pk: int
) -> HttpResponse:
    track = track_for(request, pk)
    strand = strand_for(request, track, strand_pk)
    exception: StrandException = get_object_or_404(
        access.exceptions_for(request.user).filter(strand=strand).select_related("strand__track"),
        pk=exception_pk,
    )
    error = ""
    if request.method == "POST":
        try:
            planning.delete_exception(exception=exception)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("The exception was removed."))
            return redirect("schedule:track_schedule", pk=track.pk)
    return render(
        request,
        "schedule/confirm_delete.html",
        {
            "track": track,
            "error": error,
            "heading": _("Remove the exception on %(day)s?") % {"day": exception.day.isoformat()},
            "explanation": _("The day follows the weekly pattern again."),
        },
    )
