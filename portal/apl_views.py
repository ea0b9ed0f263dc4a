"""The APL log in the portal: the employer's users (and the workplace mentor) assign a selected
participant's mentor and write the weekly log on a phone (tracks.apl_log)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from portal import access as portal_access
from portal.access import PORTAL_APL_WRITERS
from portal.views import _selected_member, _track
from tracks import apl_log
from tracks import progress as progress_rules
from tracks.apl_forms import AplCorrectionForm, AplEntryForm, MentorForm


@role_required(*PORTAL_APL_WRITERS)
def mentor(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    track = _track(request, pk)
    member = _selected_member(request, track, member_pk)
    track_mentors = list(track.mentors.order_by("name", "pk")[:1])
    form = MentorForm(
        request.POST if request.method == "POST" else None,
        choices=portal_access.portal_mentor_choices_for(request.user, member),
        default=track_mentors[0] if track_mentors else None,
        initial={"mentor": member.mentor_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            apl_log.assign_mentor(
                member=member, mentor=form.cleaned_data["mentor"], by=request.user
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(request, _("The workplace mentor was saved."))
            return redirect("portal:participant", pk=track.pk, member_pk=member.pk)
    audit.log_page_read(request, member.participant)
    return render(
        request, "portal/mentor_form.html", {"track": track, "member": member, "form": form}
    )


@role_required(*PORTAL_APL_WRITERS)
def apl_entry_add(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    track = _track(request, pk)
    member = _selected_member(request, track, member_pk)
    today = timezone.localdate()
    form = AplEntryForm(
        request.POST if request.method == "POST" else None,
        initial={"week_starting": today - dt.timedelta(days=today.weekday())},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            apl_log.write_entry(
                member=member,
                week_starting=data["week_starting"],
                work_done=data["work_done"],
                note=data["note"],
                hours=data["hours"],
                deviation=data["deviation"],
                by=request.user,
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(request, _("The APL log entry was saved; the coordinators are told."))
            return redirect("portal:participant", pk=track.pk, member_pk=member.pk)
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "portal/apl_entry_form.html",
        {"track": track, "member": member, "form": form, "entry": None},
    )


@role_required(*PORTAL_APL_WRITERS)
def apl_entry_correct(
    request: AuthenticatedRequest, pk: int, member_pk: int, entry_pk: int
) -> HttpResponse:
    track = _track(request, pk)
    member = _selected_member(request, track, member_pk)
    entry = get_object_or_404(
        portal_access.portal_apl_entries_for(request.user)
        .filter(track_participant=member)
        .select_related("recorded_by"),
        pk=entry_pk,
    )
    if not progress_rules.may_edit_apl_note(entry, request.user):
        raise PermissionDenied
    form = AplCorrectionForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            apl_log.correct_entry(
                entry=entry,
                work_done=data["work_done"],
                note=data["note"],
                hours=data["hours"],
                deviation=data["deviation"],
                by=request.user,
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(request, _("The APL log entry was corrected."))
            return redirect("portal:participant", pk=track.pk, member_pk=member.pk)
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "portal/apl_entry_form.html",
        {"track": track, "member": member, "form": form, "entry": entry},
    )
