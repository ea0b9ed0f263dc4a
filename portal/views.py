"""The employer portal: an employer user's own tracks, candidates, participants and offers.

Every object comes from the portal functions in portal.access, scoped to the user's employer:
anything else is a 404."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from employers.agreements import (
    agreement_context,
    confirm_agreement,
    employer_agreement,
    shown_to_employer,
)
from employers.meetings import meeting_ics as build_ics
from employers.models import Agreement, AgreementConfirmation, Party, PlanningMeeting
from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.database import prepared
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import User
from portal import access as portal_access
from portal import apl_log_page, overview
from portal.access import INVITED_ROLES, PORTAL_INVITERS, PORTAL_USERS
from portal.cards import candidate_cards, cards_html
from portal.forms import AgreementConfirmForm, DecisionForm, InvitationPasswordForm, OfferForm
from portal.invitations import (
    InvitationRefused,
    invitation_tokens,
    invite_contact,
    invite_provider_contact,
)
from tracks import decisions, matching, workflow
from tracks.models import Decision, DeclineReason, State, Track, TrackParticipant

PAGE_SIZE = 10


def _tracks(user: User) -> QuerySet[Track]:
    # The requirement profile version too: the cards' criteria are read from it.
    return portal_access.portal_tracks_for(user).select_related(
        "employer", "need__occupation", "profile_version"
    )


def _track(request: AuthenticatedRequest, pk: int) -> Track:
    track: Track = prepared.get_or_404(_one_track, request.user, pk)
    return track


def _one_track(user: User, pk: int) -> QuerySet[Track]:
    # Built once per kind of user (jobbspar/database/prepared.py), as the coordinators' track
    # pages read theirs (issue 18).
    return _tracks(user).filter(pk=pk)


def _track_with_criteria(user: User, pk: int) -> QuerySet[Track]:
    """The track with its requirement profile's criteria, which the cards weigh (one statement,
    built once per kind of user; issue 18)."""
    return _one_track(user, pk).annotate(
        criterion_rows=matching.criteria_read_with_track(
            portal_access.criteria_of_outer_track(user)
        )
    )


def _counts(user: User, track_id: int) -> QuerySet:
    """The track's candidates the employer may know of, counted by where they are (one row)."""
    return prepared.one_row(
        portal_access.portal_candidates_of_track(user, track_id),
        presented=Count("pk", filter=Q(state=State.PRESENTED)),
        undecided=Count("pk", filter=Q(state=State.PRESENTED, employer_decision__isnull=True)),
        completed=Count("pk", filter=Q(state=State.COMPLETED)),
    )


def _need_meetings(user: User, need_id: int) -> QuerySet[PlanningMeeting]:
    """The employer's planning meetings about the need, in time order."""
    return (
        portal_access.portal_meetings_for(user).filter(need_id=need_id).order_by("starts_at", "id")
    )


# What the track page and a selected person's page read of the member.
SELECTED_COLUMNS = (
    "id",
    "track_id",
    "candidate_number",
    "state",
    "offer_employment_type",
    "offer_start_date",
    "offer_hours_per_week",
    "offer_subsidy",
    "declined_on",
    "withdrawn_on",
)


def _selected(user: User, track_id: int) -> QuerySet[TrackParticipant]:
    """The people the employer selected in the track, by candidate number."""
    return (
        portal_access.portal_participants_of_track(user, track_id)
        .select_related("participant")
        .only(*SELECTED_COLUMNS, "participant__name")
        .order_by("candidate_number")
    )


@role_required(*PORTAL_USERS)
def home(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    # The newest version shown to the employer (agreed, or a draft sent to them), per need.
    agreements = Prefetch(
        "need__agreements",
        queryset=Agreement.objects.filter(shown_to_employer())
        .order_by("-number")
        .prefetch_related(
            Prefetch(
                "confirmations", queryset=AgreementConfirmation.objects.only("agreement", "party")
            )
        ),
        to_attr="shown_agreements",
    )
    # Counted as portal.access.portal_candidates_for shows them: while the presentation consent
    # stands.
    consenting = Q(participants__participant__presentation_consent_on__isnull=False)
    tracks = (
        portal_access.portal_tracks_for(request.user)
        .select_related("need__occupation")
        .prefetch_related("phases", agreements)
        .annotate(
            presented=Count(
                "participants",
                filter=consenting & Q(participants__state=State.PRESENTED),
                distinct=True,
            ),
            undecided=Count(
                "participants",
                filter=consenting
                & Q(
                    participants__state=State.PRESENTED,
                    participants__employer_decision__isnull=True,
                ),
                distinct=True,
            ),
            completed=Count(
                "participants",
                filter=consenting & Q(participants__state=State.COMPLETED),
                distinct=True,
            ),
        )
        .order_by("-start_date", "id")
    )
    page = Paginator(tracks, PAGE_SIZE).get_page(request.GET.get("page"))
    meetings_by_need = defaultdict(list)
    for meeting in (
        portal_access.portal_meetings_for(request.user)
        .filter(need_id__in=[t.need_id for t in page.object_list], ends_at__gte=timezone.now())
        .order_by("starts_at", "id")
    ):
        meetings_by_need[meeting.need_id].append(meeting)
    rows = []
    for track in page.object_list:
        phases = list(track.phases.all())
        rows.append(
            {
                "track": track,
                "timeline": overview.timeline(phases, today),
                "next_steps": overview.next_steps(
                    track=track,
                    phases=phases,
                    undecided=track.undecided,
                    presented=track.presented,
                    completed=track.completed,
                    meetings=meetings_by_need[track.need_id],
                    agreement_confirmed=overview.employer_confirmed(
                        next(iter(track.need.shown_agreements), None)
                    ),
                    today=today,
                ),
            }
        )
    return render(
        request,
        "portal/home.html",
        {
            "rows": rows,
            "page_obj": page,
            "employer": portal_access.portal_employer_for(request.user),
        },
    )


@role_required(*PORTAL_USERS)
def track_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = _track(request, pk)
    today = timezone.localdate()
    phases = list(track.phases.all())
    # The counts, meetings and selected people each by a statement built once per kind of user
    # (jobbspar/database/prepared.py; issue 18).
    found = prepared.evaluate(_counts, request.user, track.pk)
    counts = found[0] if found else dict.fromkeys(("presented", "undecided", "completed"), 0)
    agreement = employer_agreement(
        portal_access.portal_agreements_for(request.user), need_id=track.need_id
    )
    meetings = prepared.evaluate(_need_meetings, request.user, track.need_id)
    upcoming = [m for m in meetings if m.ends_at >= timezone.now()]
    participants = prepared.evaluate(_selected, request.user, track.pk)
    return render(
        request,
        "portal/track_detail.html",
        {
            "track": track,
            "timeline": overview.timeline(phases, today),
            "next_steps": overview.next_steps(
                track=track,
                phases=phases,
                meetings=upcoming,
                agreement_confirmed=overview.employer_confirmed(agreement),
                today=today,
                **counts,
            ),
            "counts": counts,
            "participants": participants,
            "meetings": meetings,
            "agreement": agreement,
            "agreement_confirmed": overview.employer_confirmed(agreement),
            "mentors": list(track.mentors.only("name", "role", "email", "phone")),
            "may_decide": decisions.may_decide(track, today),
            "offerable_states": sorted(workflow.OFFERABLE_STATES),
        },
    )


@role_required(*PORTAL_USERS)
def candidates(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track: Track = prepared.get_or_404(_track_with_criteria, request.user, pk)
    cards = candidate_cards(user=request.user, track=track, criteria=matching.criteria_read(track))
    may_decide = decisions.may_decide(track)
    return render(
        request,
        "portal/candidates.html",
        {
            "track": track,
            "cards": cards,
            "cards_html": cards_html(
                cards, track_pk=track.pk, may_decide=may_decide, show_decide_link=True
            ),
            "may_decide": may_decide,
            "selected": sum(
                1 for c in cards if c.decision and c.decision.decision == Decision.SELECT
            ),
        },
    )


@role_required(*PORTAL_USERS)
def decide(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    """Select, reserve or decline one candidate, with a confirmation step."""
    track = _track(request, pk)
    member = get_object_or_404(
        portal_access.portal_candidates_for(request.user, track).only("id", "state"), pk=member_pk
    )
    card = candidate_cards(user=request.user, track=track, member_id=member.pk)[0]
    open_for_decision = decisions.may_decide(track) and member.state == State.PRESENTED
    initial = {}
    if card.decision is not None:
        chosen = member.employer_decision
        initial = {"decision": chosen.decision, "reason": chosen.reason, "comment": chosen.comment}
    form = DecisionForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {
        "track": track,
        "card": card,
        "cards_html": cards_html(
            [card], track_pk=track.pk, may_decide=False, show_decide_link=False
        ),
        "form": form,
        "open": open_for_decision,
    }
    if request.method == "POST":
        if not open_for_decision:
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Decisions on this candidate can no longer be changed here. Contact the "
                    "track's coordinator."
                ),
            )
        elif form.is_valid() and "edit" not in request.POST:
            data = form.cleaned_data
            if request.POST.get("confirmed") != "yes":
                context.update(
                    decision_label=Decision(data["decision"]).label,
                    reason_label=DeclineReason(data["reason"]).label if data["reason"] else "",
                )
                return render(request, "portal/decide_confirm.html", context)
            try:
                decisions.record_decision(
                    track_participant=member,
                    decision=data["decision"],
                    reason=data["reason"],
                    comment=data["comment"],
                    by=request.user,
                )
            except ValidationError as refused:
                add_validation_error(form, refused)
            else:
                messages.success(
                    request,
                    _("Your decision on %(candidate)s is saved: %(decision)s.")
                    % {"candidate": card.label, "decision": Decision(data["decision"]).label},
                )
                return redirect(
                    reverse("portal:candidates", args=[track.pk]) + f"#card-{member.pk}"
                )
    return render(request, "portal/decide.html", context)


def _selected_member(
    request: AuthenticatedRequest, track: Track, member_pk: int
) -> TrackParticipant:
    return get_object_or_404(
        portal_access.portal_participants_for(request.user, track)
        .select_related("participant")
        .only(*SELECTED_COLUMNS, "reason", "mentor_id", "participant__name"),
        pk=member_pk,
    )


@role_required(*PORTAL_USERS)
def participant_detail(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    track = _track(request, pk)
    member = _selected_member(request, track, member_pk)
    log = apl_log_page.log_context(request, track, member)  # the APL log and the mentor
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "portal/participant_detail.html",
        {"track": track, "member": member, **log, "may_offer": workflow.may_record_offer(member)},
    )


@role_required(*PORTAL_USERS)
def offer(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    track = _track(request, pk)
    member = _selected_member(request, track, member_pk)
    form = OfferForm(request.POST if request.method == "POST" else None)
    may_offer = workflow.may_record_offer(member)
    if request.method == "POST" and not may_offer:
        form.is_valid()
        form.add_error(
            None,
            _(
                "A job offer can be recorded while the participant is in APL or the hiring "
                "phase, or when they have completed the track."
            ),
        )
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decisions.record_offer(
                track_participant=member,
                offer=workflow.Offer(
                    employment_type=data["employment_type"],
                    start_date=data["start_date"],
                    hours_per_week=data["hours_per_week"],
                    subsidy=data["subsidy"],
                    employer=track.employer,
                ),
                by=request.user,
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(
                request,
                _("The job offer to %(name)s is recorded; the coordinators have been told.")
                % {"name": member.participant.name},
            )
            return redirect("portal:participant", pk=track.pk, member_pk=member.pk)
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "portal/offer_form.html",
        {"track": track, "member": member, "form": form, "may_offer": may_offer},
    )


@role_required(*PORTAL_USERS)
def agreement(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = _track(request, pk)
    found = employer_agreement(
        portal_access.portal_agreements_for(request.user), need_id=track.need_id
    )
    if found is None:
        raise Http404
    context = agreement_context(found)
    confirmed = next(
        (c for _p, c in context["party_rows"] if c and c.party == Party.EMPLOYER), None
    )
    form = AgreementConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and confirmed is None and form.is_valid():
        try:
            confirm_agreement(
                agreement=found,
                party=Party.EMPLOYER,
                confirmed_by_name=request.user.get_full_name() or request.user.username,
                by=request.user,
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(request, _("Thank you: the agreement is confirmed for the employer."))
            return redirect("portal:agreement", pk=track.pk)
    context.update(track=track, form=form, employer_confirmation=confirmed)
    return render(request, "portal/agreement.html", context)


@role_required(*PORTAL_USERS)
@require_GET
def meeting_ics(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        portal_access.portal_meetings_for(request.user).select_related("employer"), pk=pk
    )
    response = HttpResponse(build_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@role_required(*PORTAL_INVITERS)
def invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A coordinator invites an employer's contact person to the portal."""
    contact = get_object_or_404(
        portal_access.portal_invitable_contacts_for(request.user).select_related(
            "employer", "user"
        ),
        pk=pk,
    )
    error = ""
    if request.method == "POST":
        try:
            invite_contact(contact=contact, by=request.user)
        except InvitationRefused as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request,
                _("%(name)s has been invited; the link has been e-mailed to %(email)s.")
                % {"name": contact.name, "email": contact.email},
            )
            return redirect("employers:detail", pk=contact.employer_id)
    return render(request, "portal/invite.html", {"contact": contact, "error": error})


@role_required(*PORTAL_INVITERS)
def provider_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A coordinator invites an education provider's contact (as an employer's contact)."""
    contact = get_object_or_404(
        portal_access.provider_invitable_contacts_for(request.user).select_related(
            "provider", "user"
        ),
        pk=pk,
    )
    error = ""
    if request.method == "POST":
        try:
            invite_provider_contact(contact=contact, by=request.user)
        except InvitationRefused as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request,
                _("%(name)s has been invited; the link has been e-mailed to %(email)s.")
                % {"name": contact.name, "email": contact.email},
            )
            return redirect("employers:provider_detail", pk=contact.provider_id)
    return render(request, "portal/provider_invite.html", {"contact": contact, "error": error})


def accept_invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The invited contact chooses a password (the link works once, for a week)."""
    user = None
    try:
        uid = force_str(urlsafe_base64_decode(uidb64))
        user = (
            get_user_model()
            .objects.filter(pk=int(uid), role__in=INVITED_ROLES)
            .filter(Q(employer_contact__isnull=False) | Q(provider_contact__isnull=False))
            .first()
        )
    except (ValueError, OverflowError, TypeError):
        user = None
    if user is None or not invitation_tokens.check_token(user, token):
        # No such invitation (expired, used or never made): a 404 that says what to do.
        return render(request, "portal/invitation_invalid.html", status=404)
    form = InvitationPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("Your password is set. Sign in with your user name %(username)s.")
            % {"username": user.username},
        )
        return redirect("login")
    return render(request, "portal/accept_invitation.html", {"form": form, "invited": user})
