"""The candidate pool: find candidates (matching), nominate, and move participants on the board."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.database.base import planned_for_its_values
from jobbspar.forms import add_validation_error
from participants import access as participants_access
from participants.access import ACCESS_REQUESTERS
from participants.models import AccessRequestStatus
from participants.views.access_requests import submit_access_request
from tracks import access as tracks_access
from tracks import decisions, matching, workflow
from tracks.access import TRACK_MATCHERS
from tracks.forms import CandidateSearchForm, MoveForm, NominateForm
from tracks.models import State, TrackParticipant
from tracks.pausing import Pause
from tracks.views import cards
from tracks.views.common import (
    detail_context,
    track_for,
    track_page_for,
    track_with_criteria_for,
)

PAGE_SIZE = 20


@role_required(*TRACK_MATCHERS)
def find_candidates(request, pk: int) -> HttpResponse:
    track, criteria = track_with_criteria_for(request, pk)
    form = CandidateSearchForm(request.GET or None)
    filters = matching.Filters()
    if form.is_valid():
        filters = matching.Filters(
            text=form.cleaned_data["q"],
            district=form.cleaned_data["district"],
            include_blocked=form.cleaned_data["include_blocked"],
        )
    # Planned for this profile's criteria each time (jobbspar.database.planned_for_its_values):
    # how many people a criterion lets through decides the plan.
    with planned_for_its_values():
        # Ranking reads every candidate anyway: the page carries the count (no second COUNT).
        page = matching.candidates_page(
            track=track,
            user=request.user,
            criteria=criteria,
            filters=filters,
            number=request.GET.get("page"),
            per_page=PAGE_SIZE,
        )
        considered, reach = 0, list[matching.Reach]()
        if not page.paginator.count and not filters.include_blocked:
            # Nobody passes the required criteria: say which of them stops whom.
            considered, reach = matching.reach_of_required(
                track=track, user=request.user, criteria=criteria, filters=filters
            )
        # A page past the end comes back unread (Paginator's): read it here too.
        page.object_list = list(page.object_list)
    explanations = matching.explain_all(page.object_list, criteria)
    nominate_url, csrf = reverse("tracks:nominate", args=[track.pk]), csrf_input(request)
    rows = [
        cards.candidate_card(p, e, nominate_url=nominate_url, csrf_input=csrf)
        for p, e in zip(page.object_list, explanations, strict=True)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tracks/find_candidates.html",
        {
            "track": track,
            "form": form,
            "page": page,
            "rows": rows,
            "criteria": criteria,
            "considered": considered,
            "reach": reach,
            "to_assess": [c for c in criteria if not matching.answerable(c)],
            "querystring": query.urlencode(),
        },
    )


@role_required(*TRACK_MATCHERS)
@require_POST
def nominate(request, pk: int) -> HttpResponse:
    track = track_for(request, pk)
    form = NominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a short motivation for the nomination."))
        return redirect("tracks:find_candidates", pk=track.pk)
    participant = get_object_or_404(
        participants_access.participants_for(request.user), pk=form.cleaned_data["participant"]
    )
    try:
        workflow.nominate_candidate(
            track=track,
            participant=participant,
            by=request.user,
            motivation=form.cleaned_data["motivation"],
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request, _("%(name)s was nominated to the pool.") % {"name": participant.name}
        )
    return redirect("tracks:find_candidates", pk=track.pk)


def _member(request, pk: int, member_pk: int) -> TrackParticipant:
    track = track_for(request, pk)
    return get_object_or_404(
        tracks_access.track_participants_for(request.user).select_related("track", "participant"),
        pk=member_pk,
        track=track,
    )


def _board_response(request, context: dict) -> HttpResponse:
    """The board, and the key numbers swapped out of band so they agree with it."""
    board = render_to_string("tracks/track_detail.html#board", context, request=request)
    numbers = render_to_string(
        "tracks/track_detail.html#key_numbers", {**context, "oob": True}, request=request
    )
    return HttpResponse(board + numbers)


@role_required(*TRACK_MATCHERS)
def member_move(request, pk: int, member_pk: int) -> HttpResponse:
    """Move a participant on the board. Simple moves come as one button (htmx swaps the board);
    moves that need a reason or an offer show this page's form."""
    member = _member(request, pk, member_pk)
    track = member.track
    initial_state = request.GET.get("to") if request.GET.get("to") in State.values else None
    allowed = workflow.moves_of(member)
    form = MoveForm(
        request.POST or None, track=track, allowed=allowed, initial={"to_state": initial_state}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        offer = None
        if data["to_state"] == State.OFFERED:
            offer = workflow.Offer(
                employment_type=data["employment_type"],
                start_date=data["start_date"],
                hours_per_week=data["hours_per_week"],
                subsidy=data["subsidy"],
                employer=track.employer,
            )
        try:
            workflow.move_participant(
                track_participant=member,
                to_state=data["to_state"],
                by=request.user,
                reason=data["reason"],
                phase=data["phase"],
                offer=offer,
                exception_reason=data["exception_reason"],
                pause=Pause(data["pause_reason"], data["planned_return"])
                if data["to_state"] == State.PAUSED
                else None,
            )
        except ValidationError as refused:
            if request.htmx and data["to_state"] in workflow.REALITY_CHECKED:
                # The board has no field for the reason of an exception: open the form.
                messages.error(request, " ".join(refused.messages))
                response = HttpResponse(status=204)
                response["HX-Redirect"] = (
                    reverse("tracks:member_move", args=[track.pk, member.pk])
                    + "?to="
                    + data["to_state"]
                )
                return response
            if request.htmx:
                context = detail_context(request, track_page_for(request, track.pk))
                context["board_error"] = " ".join(refused.messages)
                return _board_response(request, context)
            add_validation_error(form, refused)
        else:
            if request.htmx:
                context = detail_context(request, track_page_for(request, track.pk))
                context["board_status"] = _("%(name)s: %(state)s") % {
                    "name": member.participant.name,
                    "state": State(data["to_state"]).label,
                }
                return _board_response(request, context)
            messages.success(request, _("The participant was moved."))
            return redirect(track)
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "tracks/member_move.html",
        {
            "form": form,
            "track": track,
            "member": member,
            "moves": [State(s) for s in allowed],
            "pause_reason": tracks_access.pause_reason_for(request.user, member),
            "today": timezone.localdate(),
            "history": member.transitions.select_related("actor").order_by("at", "id"),
        },
    )


@role_required(*TRACK_MATCHERS)
@require_POST
def apply_decisions(request, pk: int) -> HttpResponse:
    """Carry out the employer's select and decline decisions from the portal."""
    track = track_for(request, pk)
    try:
        applied = decisions.apply_decisions(track=track, by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s candidate was moved as the employer decided.",
                "%(count)s candidates were moved as the employer decided.",
                applied.moved,
            )
            % {"count": applied.moved},
        )
        if applied.left:
            messages.info(
                request,
                _("For the other organisation to apply: %(candidates)s.")
                % {"candidates": ", ".join(applied.left)},
            )
    return redirect(track)


@role_required(*ACCESS_REQUESTERS)
def member_access_request(request, pk: int, member_pk: int) -> HttpResponse:
    """A member the user sees only by pseudonym (registered by the other organisation, no
    consent shared with the user's): ask the registering organisation for access, by member id,
    without learning who the person is. The holder sees who and decides."""
    track = track_for(request, pk)
    if not participants_access.may_request_access_in_track(request.user, track):
        raise Http404
    member = get_object_or_404(
        track.participants.select_related("participant__registered_by"), pk=member_pk
    )
    if participants_access.participants_for(request.user).filter(pk=member.participant_id).exists():
        return redirect("tracks:member_detail", pk=track.pk, member_pk=member.pk)
    pending = (
        participants_access.access_requests_made_for(request.user)
        .filter(participant=member.participant_id, status=AccessRequestStatus.OPEN)
        .first()
    )
    form = None
    if pending is None:
        form, made = submit_access_request(
            request,
            participant=member.participant,
            asked_from=_("%(candidate)s in the track %(track)s")
            % {"candidate": member.pseudonym, "track": track.name},
        )
        if made is not None:
            return redirect(track)
    return render(
        request,
        "tracks/member_access_request.html",
        {
            "track": track,
            "pseudonym": member.pseudonym,
            "registered_by": member.participant.registered_by.name,
            "pending": pending,
            "form": form,
        },
    )
