"""The steering pages: a partnership's steering group, its meetings and decision log, and the
steering page that sums them up (budgets, draw-downs and costs are in money_views). Thin: rules
are in steering.group and steering.money, who sees what in steering.access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobbspar.access import role_required
from jobbspar.database import prepared
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import Partnership, User
from steering import access, figures, group, money
from steering.forms import (
    DecisionForm,
    MeetingForm,
    MembersForm,
    PlacementTargetForm,
)
from steering.models import (
    Budget,
    PlacementTarget,
    SteeringDecision,
    SteeringMeeting,
    SteeringMember,
)
from steering.view_common import (
    VIEWERS,
    check_may_edit,
    meeting_or_404,
    partnership_or_404,
    posted,
    year_asked,
)


@role_required(*VIEWERS)
def index(request: AuthenticatedRequest) -> HttpResponse:
    partnerships = list(
        access.steering_partnerships_for(request.user).select_related(
            "employment_service", "municipality"
        )
    )
    return render(request, "steering/index.html", {"partnerships": partnerships})


def steering_figures_for(
    request: AuthenticatedRequest,
    partnership: Partnership,
    period: figures.Period,
    target: int | None = None,
) -> figures.SteeringFigures:
    """`target`: the partnership's placement target if the caller read it already (from
    targets_for, as figures.placement_target_subquery); otherwise read here."""
    user = request.user
    if target is None:
        target = figures.placement_target(partnership, access.targets_for(user))
    return figures.figures_for(user, partnership.pk, period, target)


# The columns the steering page shows of the open decisions and the members (not the meetings'
# agendas and minutes, nor the users' passwords and contact details).
_PERSON = ("id", "username", "first_name", "last_name")
DECISION_FIELDS = (
    "id",
    "partnership_id",
    "meeting_id",
    "decision",
    "decided_by",
    "follow_up_on",
    "responsible_id",
    "done",
    "done_on",
    "meeting__id",
    "meeting__held_on",
    *(f"responsible__{name}" for name in _PERSON),
)
MEMBER_FIELDS = (
    "id",
    "partnership_id",
    "user_id",
    *(f"user__{name}" for name in (*_PERSON, "role", "organisation_id")),
    "user__organisation__id",
    "user__organisation__name",
)


# The steering page's querysets, each built once per kind of call (jobbspar/database/prepared.py):
# building them was most of the page's work (issue 18).


def _partnership(user: User, pk: int) -> QuerySet[Partnership]:
    """The partnership with its placement target (under targets_for's rule), in one query."""
    return (
        access.steering_partnerships_for(user)
        .annotate(target_percent=figures.placement_target_subquery(access.targets_for(user)))
        .filter(pk=pk)
    )


def _open_decisions(user: User, partnership_id: int) -> QuerySet[SteeringDecision]:
    return (
        access.decisions_for(user)
        .filter(partnership=partnership_id, done=False)
        .select_related("responsible", "meeting")
        .only(*DECISION_FIELDS)
    )


def _members(user: User, partnership_id: int) -> QuerySet[SteeringMember]:
    return (
        access.members_for(user)
        .filter(partnership=partnership_id)
        .select_related("user__organisation")
        .only(*MEMBER_FIELDS)
    )


def _latest_meetings(user: User, partnership_id: int) -> QuerySet[SteeringMeeting]:
    return (
        access.meetings_for(user)
        .filter(partnership=partnership_id)
        .only("id", "partnership_id", "held_on")[:5]
    )


def _budgets(user: User, partnership_id: int, year: int) -> QuerySet[Budget]:
    return money.budget_rows(
        access.budgets_for(user).filter(partnership=partnership_id),
        costs=access.costs_for(user),
        year=year,
    )


@role_required(*VIEWERS)
def steering_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    partnership = prepared.get_or_404(_partnership, user, pk)
    year = year_asked(request)
    members = prepared.evaluate(_members, user, partnership.pk)
    return render(
        request,
        "steering/steering_page.html",
        {
            "partnership": partnership,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "summary": money.summary_of(
                prepared.evaluate(_budgets, user, partnership.pk, year), year
            ),
            "figures": steering_figures_for(
                request,
                partnership,
                figures.Period.year(year),
                target=figures.target_or_default(partnership.target_percent),
            ),
            "open_decisions": prepared.evaluate(_open_decisions, user, partnership.pk),
            "members": members,
            "meetings": prepared.evaluate(_latest_meetings, user, partnership.pk),
            "may_edit": access.may_edit_steering(user, partnership, members=members),
        },
    )


@role_required(*VIEWERS)
def target_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The placement rate the steering group aims at (80 % until it sets another)."""
    partnership = partnership_or_404(request, pk)
    check_may_edit(request, partnership)
    target = access.targets_for(request.user).filter(partnership=partnership).first()
    form = PlacementTargetForm(posted(request), instance=target or PlacementTarget())
    if request.method == "POST" and form.is_valid():
        try:
            group.save_placement_target(target=form.save(commit=False), partnership=partnership)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The target was saved."))
            return redirect("steering:page", pk=partnership.pk)
    return render(request, "steering/target_form.html", {"form": form, "partnership": partnership})


@role_required(*VIEWERS)
def members(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    check_may_edit(request, partnership)
    current = access.members_for(request.user).filter(partnership=partnership)
    form = MembersForm(
        posted(request),
        candidates=access.member_candidates(partnership),
        initial={"members": [m.user_id for m in current]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            group.set_members(
                partnership=partnership, users=form.cleaned_data["members"], by=request.user
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The steering group was saved."))
            return redirect("steering:page", pk=partnership.pk)
    return render(request, "steering/members_form.html", {"form": form, "partnership": partnership})


@role_required(*VIEWERS)
def meeting_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    check_may_edit(request, partnership)
    form = MeetingForm(posted(request), instance=SteeringMeeting(partnership=partnership))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = group.save_meeting(meeting=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("steering:meeting_detail", pk=meeting.pk)
    return render(request, "steering/meeting_form.html", {"form": form, "partnership": partnership})


@role_required(*VIEWERS)
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    may_edit = access.may_edit_steering(request.user, meeting.partnership)
    return render(
        request,
        "steering/meeting_detail.html",
        {
            "meeting": meeting,
            "partnership": meeting.partnership,
            "decisions": list(meeting.decisions.select_related("responsible")),
            "decision_form": DecisionForm(candidates=access.member_candidates(meeting.partnership))
            if may_edit
            else None,
            "may_edit": may_edit,
        },
    )


@role_required(*VIEWERS)
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    check_may_edit(request, meeting.partnership)
    form = MeetingForm(posted(request), instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            group.save_meeting(meeting=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("steering:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "steering/meeting_form.html",
        {"form": form, "partnership": meeting.partnership, "meeting": meeting},
    )


@role_required(*VIEWERS)
def decision_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    check_may_edit(request, meeting.partnership)
    form = DecisionForm(posted(request), candidates=access.member_candidates(meeting.partnership))
    if request.method == "POST" and form.is_valid():
        try:
            group.save_decision(decision=form.save(commit=False), meeting=meeting)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("steering:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "steering/decision_form.html",
        {"form": form, "partnership": meeting.partnership, "meeting": meeting},
    )


@role_required(*VIEWERS)
def decision_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        access.decisions_for(request.user).select_related("meeting__partnership"), pk=pk
    )
    meeting = decision.meeting
    check_may_edit(request, meeting.partnership)
    form = DecisionForm(
        posted(request),
        instance=decision,
        candidates=access.member_candidates(meeting.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            group.save_decision(decision=form.save(commit=False), meeting=meeting)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The decision was saved."))
            return redirect("steering:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "steering/decision_form.html",
        {
            "form": form,
            "partnership": meeting.partnership,
            "meeting": meeting,
            "decision": decision,
        },
    )


@require_POST
@role_required(*VIEWERS)
def decision_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        access.decisions_for(request.user).select_related("partnership"), pk=pk
    )
    check_may_edit(request, decision.partnership)
    done = request.POST.get("done") == "1"
    group.set_decision_done(decision=decision, done=done, today=timezone.localdate())
    messages.success(
        request,
        _("The decision was marked done.") if done else _("The decision was opened again."),
    )
    return redirect("steering:decisions", pk=decision.partnership_id)


@role_required(*VIEWERS)
def decisions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    return render(
        request,
        "steering/decision_list.html",
        {
            "partnership": partnership,
            "decisions": list(
                access.decisions_for(request.user)
                .filter(partnership=partnership)
                .select_related("responsible", "meeting")
            ),
            "may_edit": access.may_edit_steering(request.user, partnership),
        },
    )
