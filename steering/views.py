"""The steering pages: a partnership's steering group, its meetings and decision log, and the
steering page that sums them up (budgets, draw-downs and costs are in money_views). Thin: rules
are in steering.group and steering.money, who sees what in steering.access."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobbspar.access import role_required
from jobbspar.database import prepared
from jobbspar.database.nested import instances, nested
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import Partnership, User
from steering import access, figures, group, kept, money
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


# What the steering page shows of the open decisions, the members and the latest meetings: not
# the meetings' agendas and minutes, nor the users' passwords and contact details.
_PERSON = ("username", "first_name", "last_name")
DECISION_FIELDS = (
    "partnership",
    "meeting",
    "decision",
    "decided_by",
    "follow_up_on",
    "responsible",
    "done",
    "done_on",
)
DECISION_RELATED = (("responsible", _PERSON), ("meeting", ("held_on",)))
MEMBER_FIELDS = ("partnership", "user")
MEMBER_RELATED = (
    ("user", (*_PERSON, "role", "organisation")),
    ("user__organisation", ("name",)),
)
MEETING_FIELDS = ("partnership", "held_on")
LATEST_MEETINGS = 5


# The steering page's querysets, each built once per kind of call (jobbspar/database/prepared.py):
# building them was most of the page's work (issue 18).


def _partnership(user: User, pk: int) -> QuerySet[Partnership]:
    """The partnership with its placement target (under targets_for's rule), in one query."""
    return (
        access.steering_partnerships_for(user)
        .annotate(target_percent=figures.placement_target_subquery(access.targets_for(user)))
        .filter(pk=pk)
    )


def _steering_page(user: User, pk: int, start: dt.date, end: dt.date) -> QuerySet[Partnership]:
    """The partnership as _partnership reads it, with the page's short lists and the period's
    kept figures as values of its row (page_lists; issue 18: statements fewer)."""
    return _partnership(user, pk).annotate(**page_lists(user, start, end))


def page_lists(user: User, start: dt.date, end: dt.date) -> dict[str, Subquery]:
    """The steering page's lists and one-row figures of the partnership in the outer query, as
    values of its row (jobbspar/database/nested.py), each under its own access function,
    whatever query they are read in: the open decisions (decisions_for), the members
    (members_for), the latest meetings (meetings_for), the figures kept for the period and the
    partnership's count of cost changes (steering.kept.kept_of)."""
    partnership = OuterRef("pk")
    return {
        "decision_rows": nested(
            access.decisions_for(user).filter(partnership=partnership, done=False),
            parent="partnership",
            order_by=("follow_up_on", "id"),
            fields=DECISION_FIELDS,
            related=DECISION_RELATED,
        ),
        "member_rows": nested(
            access.members_for(user).filter(partnership=partnership),
            parent="partnership",
            order_by=("user__last_name", "user__first_name", "id"),
            fields=MEMBER_FIELDS,
            related=MEMBER_RELATED,
        ),
        "meeting_rows": nested(
            access.meetings_for(user).filter(partnership=partnership),
            parent="partnership",
            order_by=("-held_on", "-id"),
            fields=MEETING_FIELDS,
            limit=LATEST_MEETINGS,
        ),
        **kept.kept_of(user, start, end),
    }


def _budgets(user: User, partnership_id: int, year: int) -> QuerySet[Budget]:
    return money.budget_rows(
        access.budgets_for(user).filter(partnership=partnership_id),
        costs=access.costs_for(user),
        year=year,
    )


@role_required(*VIEWERS)
def steering_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    year = year_asked(request)
    period = figures.Period.year(year)
    partnership = prepared.get_or_404(_steering_page, user, pk, period.start, period.end)
    members = instances(
        SteeringMember,
        partnership.member_rows,
        of=partnership,
        fields=MEMBER_FIELDS,
        related=MEMBER_RELATED,
        partnership=partnership,
    )
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
            "figures": kept.figures_of(
                user,
                partnership.pk,
                period,
                figures.target_or_default(partnership.target_percent),
                partnership.kept_figures,
                partnership.costs_generation,
            ),
            "figures_refresh_minutes": settings.STEERING_FIGURES_REFRESH_MINUTES,
            "figures_max_age_minutes": settings.STEERING_FIGURES_MAX_AGE_MINUTES,
            "open_decisions": instances(
                SteeringDecision,
                partnership.decision_rows,
                of=partnership,
                fields=DECISION_FIELDS,
                related=DECISION_RELATED,
                partnership=partnership,
            ),
            "members": members,
            "meetings": instances(
                SteeringMeeting,
                partnership.meeting_rows,
                of=partnership,
                fields=MEETING_FIELDS,
                partnership=partnership,
            ),
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
