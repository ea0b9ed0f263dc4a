"""Coordinators' pages for tracks: list, create from a need, copy, the track page with its
timeline, key numbers, pool and board, the phase plan, and the track's status.

Matching and the participants' way through a track live in `tracks/views/pool.py`.
Views are thin: objects come from tracks/access.py, changes go through tracks.workflow and
tracks.phases.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers import access as employers_access
from employers.profiles import current_version
from jobbspar import access, locking
from jobbspar.access import role_required
from jobbspar.database import prepared
from jobbspar.forms import add_validation_error
from jobbspar.models import Role, User
from tracks import access as tracks_access
from tracks import phases as phase_rules
from tracks import workflow
from tracks.access import TRACK_EDITORS, TRACK_VIEWERS
from tracks.forms import (
    ChooseNeedForm,
    CopyTrackForm,
    FundingForm,
    PhaseForm,
    TrackForm,
    TrackStatusForm,
)
from tracks.models import (
    FundingSource,
    Phase,
    Track,
    works_on_track,
)
from tracks.views.common import detail_context, track_for, track_page_for

PAGE_SIZE = 25
LIST_FIELDS = ("name", "start_date", "weeks", "status", "employer__name")


# The track list's three lists (?mine=1, ?templates=1).
ALL, MINE, TEMPLATES = "all", "mine", "templates"


@role_required(*TRACK_VIEWERS)
def track_list(request) -> HttpResponse:
    mine = request.GET.get("mine") == "1"
    # Other partnerships' tracks, to copy one as a template (name, employer, length only).
    templates = request.GET.get("templates") == "1" and tracks_access.may_edit_tracks(request.user)
    listed = prepared.Fixed(TEMPLATES if templates else MINE if mine else ALL)
    # Its first pages and its count built once per kind of user and list (prepared.Pages).
    tracks = prepared.Pages[Track](
        _track_page,
        request.user,
        listed,
        per_page=PAGE_SIZE,
        count=functools.partial(prepared.counted, _track_count, request.user, listed),
    )
    page = Paginator(tracks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "tracks/track_list.html",
        {
            "page": page,
            "tracks": page.object_list,
            "mine": mine,
            "templates": templates,
            "querystring": "templates=1" if templates else "mine=1" if mine else "",
            "may_edit": tracks_access.may_edit_tracks(request.user),
        },
    )


def _tracks_listed(user: User, listed: str) -> QuerySet[Track]:
    """The tracks of the list `listed`: the user's partnerships' (ALL), those the user works on
    (MINE), or other partnerships' tracks to copy (TEMPLATES)."""
    if listed == TEMPLATES:
        return tracks_access.track_templates_for(user).exclude(
            partnership__in=access.partnerships_for(user).values("pk")
        )
    tracks = tracks_access.tracks_for(user)
    return tracks.filter(works_on_track(user)) if listed == MINE else tracks


def _track_count(user: User, listed: str) -> QuerySet:
    """The length of the list `listed` (prepared.one_row)."""
    return prepared.one_row(_tracks_listed(user, listed), n=Count("pk"))


def _track_page(user: User, listed: str, bounds: tuple[int, int]) -> QuerySet[Track]:
    """The rows [bottom:top] of the list `listed`, newest first."""
    bottom, top = bounds
    tracks = _tracks_listed(user, listed)
    if listed == TEMPLATES:
        tracks = tracks.select_related("employer", "partnership")
    else:
        pool_size = Coalesce(
            Subquery(
                tracks_access.track_pool_for(user)
                .filter(track=OuterRef("pk"))
                .order_by()
                .values("track")
                .annotate(n=Count("id"))
                .values("n")
            ),
            0,
        )
        # Counted per row shown (a correlated subquery), not by grouping every track's pool.
        tracks = tracks.select_related("employer").only(*LIST_FIELDS).annotate(pool=pool_size)
    return tracks.order_by("-start_date", "id")[bottom:top]


@role_required(*TRACK_EDITORS)
def track_create(request) -> HttpResponse:
    needs = employers_access.needs_for(request.user)
    choose = ChooseNeedForm(request.GET or None, needs=needs)
    if not choose.is_valid():
        return render(request, "tracks/track_choose_need.html", {"form": choose})
    need = choose.cleaned_data["need"]
    initial = {
        "name": f"{need.occupation.name}, {need.employer.name}",
        "start_date": need.wanted_start,
        "weeks": 16,
        "planned_participants": need.positions,
        "coordinators": [request.user.pk] if request.user.role != Role.ADMIN else [],
    }
    form = TrackForm(
        request.POST or None,
        need=need,
        providers=employers_access.education_providers_for(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        track = form.save(commit=False)
        track.employer = need.employer
        track.need = need
        track.partnership_id = need.partnership_id
        track.profile_version = current_version(need)
        track.agreement = need.agreements.order_by("-number").first()
        track.created_by = request.user
        track.save()
        form.save_m2m()
        messages.success(request, _("The track was created. Generate its phase plan next."))
        return redirect(track)
    return render(request, "tracks/track_form.html", {"form": form, "need": need})


@role_required(*TRACK_EDITORS)
def track_edit(request, pk: int) -> HttpResponse:
    track = track_for(request, pk)
    form = TrackForm(
        request.POST or None,
        instance=track,
        need=track.need,
        providers=employers_access.education_providers_for(request.user),
    )
    if request.method == "POST" and form.is_valid():

        def save() -> Track:
            # The changed dates, length and mentors must still fit the phase plan.
            saved = phase_rules.save_track(
                track=form.save(commit=False), has_mentor=bool(form.cleaned_data.get("mentors"))
            )
            form.save_m2m()
            return saved

        try:
            saved = locking.save_or_conflict(form, save)
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            if saved:
                messages.success(request, _("The track was saved."))
                return redirect(track)
    return render(
        request, "tracks/track_form.html", {"form": form, "need": track.need, "track": track}
    )


@role_required(*TRACK_EDITORS)
def track_copy(request, pk: int) -> HttpResponse:
    """Copy a track of the user's partnership (same need), or another partnership's track as a
    template for a need of the user's own (its plan only: tracks.access.track_templates_for)."""
    source = get_object_or_404(
        tracks_access.track_templates_for(request.user).select_related("employer", "partnership"),
        pk=pk,
    )
    own = tracks_access.tracks_for(request.user).filter(pk=source.pk).exists()
    form = CopyTrackForm(
        request.POST or None,
        initial={"name": source.name, "start_date": source.start_date},
        needs=None if own else employers_access.needs_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        copy = phase_rules.copy_track(
            source=source,
            start_date=form.cleaned_data["start_date"],
            name=form.cleaned_data["name"],
            by=request.user,
            need=None if own else form.cleaned_data["need"],
        )
        messages.success(request, _("The track was copied. Check the dates of its phases."))
        return redirect(copy)
    return render(
        request, "tracks/track_copy.html", {"form": form, "track": source, "own_track": own}
    )


@role_required(*TRACK_VIEWERS)
def track_detail(request, pk: int) -> HttpResponse:
    track = track_page_for(request, pk)
    return render(request, "tracks/track_detail.html", detail_context(request, track))


@role_required(*TRACK_EDITORS)
@require_POST
def track_status(request, pk: int) -> HttpResponse:
    track = track_for(request, pk)
    form = TrackStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(track)
    try:
        workflow.change_track_status(
            track=track, to_status=form.cleaned_data["to_status"], by=request.user
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The track's status was changed."))
    return redirect(track)


@role_required(*TRACK_EDITORS)
@require_POST
def phases_generate(request, pk: int) -> HttpResponse:
    track = track_for(request, pk)
    try:
        phase_rules.generate_phase_plan(track=track)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The phase plan was generated from the track's length."))
    return redirect(track)


@role_required(*TRACK_EDITORS)
def phase_edit(request, pk: int, phase_pk: int | None = None) -> HttpResponse:
    track = track_for(request, pk)
    phase = get_object_or_404(track.phases, pk=phase_pk) if phase_pk else Phase(track=track)
    form = PhaseForm(request.POST or None, instance=phase)
    if request.method == "POST" and form.is_valid():
        try:
            saved = locking.save_or_conflict(
                form, lambda: phase_rules.save_phase(phase=form.instance)
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            if saved:
                messages.success(request, _("The phase was saved."))
                return redirect(track)
    return render(request, "tracks/phase_form.html", {"form": form, "track": track, "phase": phase})


@role_required(*TRACK_EDITORS)
def phase_delete(request, pk: int, phase_pk: int) -> HttpResponse:
    """Ask, then delete one phase (refused when progress has been recorded in it)."""
    track = track_for(request, pk)
    phase: Phase = get_object_or_404(track.phases, pk=phase_pk)
    error = ""
    if request.method == "POST":
        try:
            phase_rules.delete_phase(phase=phase)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("The phase “%(phase)s” was deleted.") % {"phase": phase})
            return redirect(track)
    return render(
        request,
        "tracks/confirm_delete.html",
        {
            "track": track,
            "error": error,
            "heading": _("Delete the phase “%(phase)s”?") % {"phase": phase},
            "explanation": _("%(start)s – %(end)s. The other phases keep their dates.")
            % {"start": phase.starts_on.isoformat(), "end": phase.ends_on.isoformat()},
        },
    )


@role_required(*TRACK_EDITORS)
def funding_edit(request, pk: int, funding_pk: int | None = None) -> HttpResponse:
    track = track_for(request, pk)
    source = (
        get_object_or_404(track.funding, pk=funding_pk)
        if funding_pk
        else FundingSource(track=track)
    )
    form = FundingForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        form.save()
        if funding_pk:
            messages.success(request, _("The funding source was saved."))
        else:
            messages.success(request, _("The funding source was added."))
        return redirect(track)
    return render(
        request, "tracks/funding_form.html", {"form": form, "track": track, "source": source}
    )


@role_required(*TRACK_EDITORS)
def funding_delete(request, pk: int, funding_pk: int) -> HttpResponse:
    track = track_for(request, pk)
    source: FundingSource = get_object_or_404(track.funding, pk=funding_pk)
    if request.method == "POST":
        source.delete()
        messages.success(request, _("The funding source was removed."))
        return redirect(track)
    return render(
        request,
        "tracks/confirm_delete.html",
        {
            "track": track,
            "heading": _("Remove the funding source “%(source)s”?")
            % {"source": source.get_source_display()},
            "explanation": _("%(amount)s kr. %(description)s")
            % {"amount": source.amount, "description": source.description},
        },
    )
