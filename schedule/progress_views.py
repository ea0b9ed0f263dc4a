"""Progress entries: the education provider records them on a phone for the members of its own
strands' tracks; the track's coordinators and job coaches read them from the member's page.
Rules in schedule/progress_entries.py; who sees what in schedule/access.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import AccessPurpose
from participants.models import Participant
from schedule import access
from schedule.access import PROGRESS_READERS, PROVIDER_USERS
from schedule.forms import ProgressEntryForm
from schedule.progress_entries import record_progress
from schedule.strand_views import track_for

# The latest entries shown on the provider's page (older ones stay in the track's records).
PROVIDER_PAGE_ENTRIES = 50


@role_required(*PROVIDER_USERS)
def provider_progress(request: AuthenticatedRequest, strand_pk: int) -> HttpResponse:
    """Record what a member of the strand's track covered or achieved; the provider's own
    recent entries in that track below."""
    user = request.user
    strand = get_object_or_404(
        access.provider_strands_for(user).select_related("track"), pk=strand_pk
    )
    roster = list(
        access.provider_roster_for(user)
        .filter(track_id=strand.track_id)
        .order_by("participant__name", "pk")
    )
    names = {person["pk"]: person["participant__name"] for person in roster}
    form = ProgressEntryForm(
        request.POST or None,
        members=list(names.items()),
        initial={"day": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = access.provider_members_for(user).get(pk=data["member"])  # one of the roster
        try:
            record_progress(
                strand=strand,
                member=member,
                day=data["day"],
                achieved=data["achieved"],
                note=data["note"],
                by=user,
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(
                request,
                _("The progress of %(name)s was saved.") % {"name": names[member.pk]},
            )
            return redirect(request.path)
    entries = [
        (names.get(entry.track_participant_id, ""), entry)
        for entry in access.provider_progress_entries_for(user)
        .filter(strand__track_id=strand.track_id)
        .select_related("strand", "recorded_by")
        .order_by("-day", "-pk")[:PROVIDER_PAGE_ENTRIES]
    ]
    # The names are shown: a case-work read of each person (by id; nothing else is loaded).
    audit.log_reads(
        user=user,
        objects=[Participant(pk=person["participant_id"]) for person in roster],
        purpose=AccessPurpose.CASE_WORK,
        path=request.path,
    )
    return render(
        request,
        "schedule/provider_progress.html",
        {"strand": strand, "track": strand.track, "form": form, "entries": entries},
    )


@role_required(*PROGRESS_READERS)
def member_progress(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    """Every education provider's progress entries for one member of the track."""
    track = track_for(request, pk)
    member = get_object_or_404(
        access.attendance_members_for(request.user)
        .filter(track=track)
        .select_related("participant"),
        pk=member_pk,
    )
    entries = list(
        access.progress_entries_for(request.user)
        .filter(track_participant=member)
        .select_related("strand__provider", "recorded_by")
        .order_by("-day", "-pk")
    )
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "schedule/member_progress.html",
        {"track": track, "member": member, "entries": entries},
    )
