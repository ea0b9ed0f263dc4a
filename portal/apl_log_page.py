"""The APL log and the workplace mentor on a selected participant's portal page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator

from jobbspar.http import AuthenticatedRequest
from portal import access as portal_access
from tracks import apl_log
from tracks import progress as progress_rules
from tracks.models import PhaseKind, Track, TrackParticipant

PAGE_SIZE = 12


def log_context(
    request: AuthenticatedRequest, track: Track, member: TrackParticipant
) -> dict[str, Any]:
    entries = (
        portal_access.portal_apl_entries_for(request.user)
        .filter(track_participant=member)
        .select_related("mentor", "recorded_by", "edited_by")
        .prefetch_related("comments__author")
        .order_by("-week_starting")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in list(page):
        entry.may_correct = progress_rules.may_edit_apl_note(entry, request.user)
    track_mentors = list(track.mentors.order_by("name", "pk")[:1])
    may_have_mentor = apl_log.may_have_mentor(member)
    return {
        "page_obj": page,
        "mentor": apl_log.effective_mentor(member, track_mentors),
        "may_assign_mentor": may_have_mentor,
        "may_write_log": may_have_mentor and track.phases.filter(kind=PhaseKind.APL).exists(),
    }
