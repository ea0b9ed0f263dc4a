"""A participant's page in a track: history, progress per phase, the APL log, certificates.

Coordinators and job coaches (who may see the participant) record progress and APL notes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar import audit, locking
from jobbspar.access import has_role, role_required
from jobbspar.forms import add_validation_error
from tracks import access as tracks_access
from tracks import apl_log, workflow
from tracks import progress as progress_rules
from tracks.access import APL_COMMENTERS, MENTOR_ASSIGNERS, TRACK_PROGRESS_WRITERS
from tracks.forms import AplLogEditForm, AplLogForm, ProgressForm
from tracks.models import Phase, PhaseKind
from tracks.views.common import links_about, member_for


@role_required(*TRACK_PROGRESS_WRITERS)
def member_detail(request, pk: int, member_pk: int) -> HttpResponse:
    member = member_for(request, pk, member_pk)
    track = member.track
    progress = {row.phase_id: row for row in member.progress.all()}
    phases = list(track.phases.order_by("starts_on", "pk"))  # one track's: no join to order
    for phase in phases:
        phase.recorded = progress.get(phase.pk)  # type: ignore[attr-defined]  # for the page
    has_apl = any(phase.kind == PhaseKind.APL for phase in phases)
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "tracks/member_detail.html",
        {
            "track": track,
            "member": member,
            "phases": phases,
            "history": member.transitions.select_related("actor").order_by("at", "id"),
            "apl_log": [
                (entry, progress_rules.may_edit_apl_note(entry, request.user))
                for entry in apl_log.entries_of(member).order_by("-week_starting")
            ],
            "mentor": apl_log.effective_mentor(member),
            "may_assign_mentor": has_role(request.user, MENTOR_ASSIGNERS)
            and apl_log.may_have_mentor(member),
            "may_comment": has_role(request.user, APL_COMMENTERS),
            # The employer's decisions from the portal, every version (tracks.decisions).
            "decision_changes": member.decision_changes.select_related("decided_by").order_by(
                "decided_at", "id"
            ),
            "apl_form": AplLogForm(track=track) if has_apl else None,
            "track_links": links_about(track, member),
            "pause_reason": tracks_access.pause_reason_for(request.user, member),
            "today": timezone.localdate(),
            "may_move": tracks_access.may_match_tracks(request.user)
            and bool(workflow.moves_of(member)),
        },
    )


@role_required(*TRACK_PROGRESS_WRITERS)
def progress_edit(request, pk: int, member_pk: int, phase_pk: int) -> HttpResponse:
    member = member_for(request, pk, member_pk)
    phase: Phase = get_object_or_404(member.track.phases, pk=phase_pk)
    progress = progress_rules.progress_for(member=member, phase=phase)
    # Bound on every POST: an all-empty submission (nothing ticked) is a valid answer here.
    form = ProgressForm(request.POST if request.method == "POST" else None, instance=progress)
    if request.method == "POST" and form.is_valid():
        try:
            saved = locking.save_or_conflict(
                form,
                lambda: progress_rules.record_progress(progress=form.instance, by=request.user),
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            if saved:
                messages.success(request, _("The progress was saved."))
                return redirect("tracks:member_detail", pk=pk, member_pk=member.pk)
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "tracks/progress_form.html",
        {"form": form, "track": member.track, "member": member, "phase": phase},
    )


@role_required(*TRACK_PROGRESS_WRITERS)
def apl_log_add(request, pk: int, member_pk: int) -> HttpResponse:
    member = member_for(request, pk, member_pk)
    mentor = apl_log.effective_mentor(member)
    form = AplLogForm(
        request.POST or None,
        track=member.track,
        member_mentor_id=member.mentor_id,
        initial={"mentor": mentor.pk if mentor else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            progress_rules.add_apl_log_entry(
                member=member,
                week_starting=form.cleaned_data["week_starting"],
                mentor=form.cleaned_data["mentor"],
                note=form.cleaned_data["note"],
                deviation=form.cleaned_data["deviation"],
                by=request.user,
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(request, _("The APL note was saved."))
            return redirect("tracks:member_detail", pk=pk, member_pk=member.pk)
    audit.log_page_read(request, member.participant)
    return render(
        request, "tracks/apl_log_form.html", {"form": form, "track": member.track, "member": member}
    )


@role_required(*TRACK_PROGRESS_WRITERS)
def apl_log_edit(request, pk: int, member_pk: int, entry_pk: int) -> HttpResponse:
    member = member_for(request, pk, member_pk)
    entry = get_object_or_404(member.apl_log.select_related("recorded_by"), pk=entry_pk)
    if not progress_rules.may_edit_apl_note(entry, request.user):
        raise PermissionDenied
    form = AplLogEditForm(
        request.POST or None, instance=entry, track=member.track, member_mentor_id=member.mentor_id
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            progress_rules.edit_apl_log_entry(
                entry=entry,
                mentor=data["mentor"],
                note=data["note"],
                deviation=data["deviation"],
                by=request.user,
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(request, _("The APL note was saved."))
            return redirect("tracks:member_detail", pk=pk, member_pk=member.pk)
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "tracks/apl_log_edit.html",
        {"form": form, "track": member.track, "member": member, "entry": entry},
    )


@role_required(*TRACK_PROGRESS_WRITERS)
def certificate(request, pk: int, member_pk: int, phase_pk: int) -> HttpResponse:
    member = member_for(request, pk, member_pk)
    progress = get_object_or_404(
        member.progress.select_related("phase"),
        phase_id=phase_pk,
    )
    if not progress.completed:
        raise Http404
    pdf = progress_rules.certificate_pdf(
        progress=progress, base_url=request.build_absolute_uri("/")
    )
    audit.log_page_read(request, member.participant)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="intyg-{member.pk}-{phase_pk}.pdf"'
    return response
