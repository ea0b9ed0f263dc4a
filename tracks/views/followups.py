"""Coordinators' outcome follow-ups: "my follow-ups" (due, overdue, answered) and the short form
that records a participant's situation on the due date. Objects come from
tracks.access.follow_ups_for; answers go through tracks.followups.record_answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobbspar import audit
from jobbspar.access import JOB_COACHES, has_role, role_required
from jobbspar.forms import add_validation_error
from jobbspar.models import AccessPurpose
from participants import access as participants_access
from tracks import access as tracks_access
from tracks import followups
from tracks.access import FOLLOW_UP_ANSWERERS
from tracks.forms import FollowUpForm
from tracks.models import FOLLOW_UP_ANSWER_DAYS, FollowUp

PAGE_SIZE = 25

TABS = {
    "due": gettext_lazy("Due"),
    "overdue": gettext_lazy("Overdue"),
    "answered": gettext_lazy("Answered"),
}


def _tab_queryset(follow_ups: QuerySet[FollowUp], tab: str, today: dt.date) -> QuerySet[FollowUp]:
    escalated_before = today - dt.timedelta(days=followups.ESCALATION_DAYS)
    if tab == "answered":
        return follow_ups.filter(answered_at__isnull=False).order_by("-due_on", "-id")
    unanswered = follow_ups.filter(answered_at__isnull=True)
    if tab == "overdue":
        # Past the escalation day: still answerable until 30 days, then "unknown".
        return unanswered.filter(due_on__lt=escalated_before).order_by("-due_on", "-id")
    return unanswered.filter(due_on__lte=today, due_on__gte=escalated_before).order_by(
        "due_on", "id"
    )


def _explained_for_job_coaches(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Follow-ups are the coordinators' (docs/access-and-consent.md, the access table): a job
    coach who opens them gets a page that says so and where to go instead of a bare 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if request.user.is_authenticated and has_role(request.user, JOB_COACHES):
            return render(request, "tracks/follow_up_job_coach.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


@_explained_for_job_coaches
@role_required(*FOLLOW_UP_ANSWERERS)
def follow_up_list(request) -> HttpResponse:
    tab = request.GET.get("show", "due")
    if tab not in TABS:
        tab = "due"
    today = timezone.localdate()
    mine = tracks_access.follow_ups_for(request.user).filter(responsible=request.user)
    follow_ups = _tab_queryset(mine, tab, today).select_related(
        "track_participant__participant", "track_participant__track"
    )
    page = Paginator(follow_ups, PAGE_SIZE).get_page(request.GET.get("page"))
    for follow_up in page.object_list:
        follow_up.status_label = followups.STATUS_LABELS[  # type: ignore[attr-defined]  # shown
            followups.status_of(follow_up, today=today)
        ]
    return render(
        request,
        "tracks/follow_up_list.html",
        {
            "page": page,
            "follow_ups": page.object_list,
            "tab": tab,
            "tabs": [
                {"key": key, "label": label, "current": key == tab} for key, label in TABS.items()
            ],
        },
    )


@_explained_for_job_coaches
@role_required(*FOLLOW_UP_ANSWERERS)
def follow_up_answer(request, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        tracks_access.follow_ups_for(request.user).select_related(
            "track_participant__participant",
            "track_participant__track__employer",
            "responsible",
            "answered_by",
        ),
        pk=pk,
    )
    today = timezone.localdate()
    ask_income_support = participants_access.can_see_income_support(request.user)
    # The page shows the participant and their situation (income support to municipal staff).
    audit.log_read(
        user=request.user,
        obj=follow_up.track_participant.participant,
        purpose=AccessPurpose.CASE_WORK,
        path=request.path,
    )
    initial = {}
    if follow_up.answered_at is not None:
        initial = {
            "situation": follow_up.situation,
            "employment_type": follow_up.employment_type,
            "hours_per_week": follow_up.hours_per_week,
            "subsidy": follow_up.subsidy,
            "employment_start": follow_up.employment_start,
            "self_sufficient": "yes" if follow_up.self_sufficient else "no",
            "not_hired_reason": follow_up.not_hired_reason,
        }
        if follow_up.income_support is not None:
            initial["income_support"] = "yes" if follow_up.income_support else "no"
    form = FollowUpForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        ask_income_support=ask_income_support,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            followups.record_answer(
                follow_up=follow_up,
                answer=followups.FollowUpAnswer(
                    situation=data["situation"],
                    employment_type=data["employment_type"],
                    hours_per_week=data["hours_per_week"],
                    subsidy=data["subsidy"],
                    employment_start=data["employment_start"],
                    self_sufficient=data["self_sufficient"],
                    income_support=data.get("income_support"),
                    not_hired_reason=data["not_hired_reason"],
                ),
                by=request.user,
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
            if not followups.may_answer(follow_up, today=timezone.localdate()):
                # The form is not shown any more: say it where the page says it.
                for message in refused.messages:
                    messages.error(request, message)
        else:
            messages.success(request, _("The follow-up was saved."))
            return redirect("follow_ups:list")
    return render(
        request,
        "tracks/follow_up_form.html",
        {
            "form": form,
            "follow_up": follow_up,
            "member": follow_up.track_participant,
            "track": follow_up.track_participant.track,
            "status_label": followups.STATUS_LABELS[followups.status_of(follow_up, today=today)],
            "may_answer": followups.may_answer(follow_up, today=today),
            "answer_days": FOLLOW_UP_ANSWER_DAYS,
            "ask_income_support": ask_income_support,
        },
    )
