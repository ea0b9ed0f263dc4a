"""Outcome follow-ups through the API: those in the client's scope (tracks.access.follow_ups_for),
and answering one with the follow-up form's validation through tracks.followups.record_answer.
Income support is never shown; municipal staff's clients may answer it, as on the web."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api import filters
from api.forms import as_form_data, form_problem
from api.models import ApiScope
from api.problems import problem
from api.views import ApiView
from employers.models import EmploymentType
from jobbspar import audit
from jobbspar.access import has_role
from jobbspar.models import AccessPurpose
from participants import access as participants_access
from tracks import access as tracks_access
from tracks import followups
from tracks.access import FOLLOW_UP_ANSWERERS
from tracks.forms import FollowUpForm
from tracks.models import FollowUp, FollowUpSituation, Subsidy

# The list's `status` filter: the web's tabs, and the ones not yet due.
STATUSES = ["upcoming", "due", "overdue", "answered"]
# As a follow-up reports it (its status can be unknown); named in the schema by
# SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
STATUS_CHOICES = [*STATUSES, "unknown"]


class FollowUpSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="track_participant_id")
    track = serializers.IntegerField(source="track_participant.track_id")
    participant = serializers.IntegerField(source="track_participant.participant_id")
    status = serializers.SerializerMethodField()
    answer_deadline = serializers.DateField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "member",
            "track",
            "participant",
            "months",
            "due_on",
            "answer_deadline",
            "status",
            "situation",
            "self_sufficient",
            "employment_type",
            "hours_per_week",
            "subsidy",
            "employment_start",
            "not_hired_reason",
            "answered_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=STATUS_CHOICES))
    def get_status(self, follow_up: FollowUp) -> str:
        return str(followups.status_of(follow_up, today=timezone.localdate()))


class AnswerSerializer(serializers.Serializer):
    """The follow-up form's fields (for the schema; the form validates)."""

    situation = serializers.ChoiceField(choices=FollowUpSituation.choices)
    self_sufficient = serializers.BooleanField()
    income_support = serializers.BooleanField(
        required=False, help_text="Municipal staff's clients only."
    )
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices, required=False)
    subsidy = serializers.ChoiceField(choices=Subsidy.choices, required=False)
    employment_start = serializers.DateField(required=False)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=1, max_value=60, required=False
    )
    not_hired_reason = serializers.CharField(max_length=2000, required=False)


def _answerer(view: ApiView) -> None:
    if not has_role(view.user, FOLLOW_UP_ANSWERERS):
        raise PermissionDenied(_("Only coordinators answer follow-ups."))


def _in_status(follow_ups: QuerySet, wanted: str | None, today: dt.date) -> QuerySet:
    if wanted is None:
        return follow_ups
    if wanted == "answered":
        return follow_ups.filter(answered_at__isnull=False)
    open_ = follow_ups.filter(answered_at__isnull=True)
    escalated_before = today - dt.timedelta(days=followups.ESCALATION_DAYS)
    if wanted == "upcoming":
        return open_.filter(due_on__gt=today)
    if wanted == "overdue":
        return open_.filter(due_on__lt=escalated_before)
    return open_.filter(due_on__lte=today, due_on__gte=escalated_before)


@extend_schema(
    parameters=[
        filters.choice_parameter(
            "status", STATUSES, "due (the web's default), overdue, answered or upcoming."
        )
    ]
)
class FollowUpList(ApiView, generics.ListAPIView):
    """The follow-ups of the people in the client's scope, newest first."""

    read_scope = ApiScope.FOLLOW_UPS_READ
    serializer_class = FollowUpSerializer
    query_filters = ("status",)

    def get_queryset(self) -> QuerySet:
        _answerer(self)
        wanted = filters.choice(self.request, "status", STATUSES)
        follow_ups = tracks_access.follow_ups_for(self.user).select_related("track_participant")
        return _in_status(follow_ups, wanted, timezone.localdate())


class FollowUpAnswer(ApiView, generics.GenericAPIView):
    """Answer a follow-up (or correct the answer) from its due date until its deadline."""

    write_scope = ApiScope.FOLLOW_UPS_WRITE
    serializer_class = FollowUpSerializer

    @extend_schema(request=AnswerSerializer, responses={200: FollowUpSerializer})
    def post(self, request: Request, pk: int) -> Response:
        _answerer(self)
        follow_up = get_object_or_404(
            tracks_access.follow_ups_for(self.user).select_related("track_participant"), pk=pk
        )
        if not isinstance(request.data, dict):
            return problem(status.HTTP_400_BAD_REQUEST, _("Send the answer as a JSON object."))
        posted: dict[str, Any] = dict(request.data)
        for name in ("self_sufficient", "income_support"):
            if isinstance(posted.get(name), bool):
                posted[name] = "yes" if posted[name] else "no"
        form = FollowUpForm(
            as_form_data(posted),
            ask_income_support=participants_access.can_see_income_support(self.user),
        )
        if not form.is_valid():
            return form_problem(form)
        data = form.cleaned_data
        try:
            answered = followups.record_answer(
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
                by=self.user,
            )
        except ValidationError as refused:
            return problem(status.HTTP_409_CONFLICT, " ".join(refused.messages))
        audit.log_read(
            user=self.user,
            obj=follow_up.track_participant.participant,
            purpose=AccessPurpose.CASE_WORK,
            path=request.path,
        )
        return Response(FollowUpSerializer(answered).data)
