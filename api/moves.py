"""Moving a pool member to another state: through `tracks/workflow.py` only, with the board's
own form for the fields, so the API refuses exactly what the web refuses, in the same words."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api.forms import as_form_data, form_problem
from api.models import ApiScope
from api.problems import problem
from api.serializers import MemberSerializer
from api.views import ApiView
from employers.models import EmploymentType
from jobbspar import audit
from jobbspar.access import has_role
from tracks import access as tracks_access
from tracks import workflow
from tracks.access import TRACK_MATCHERS
from tracks.forms import MoveForm
from tracks.models import State, Subsidy


class MoveSerializer(serializers.Serializer):
    """The move's fields, as the board's form takes them (for the schema; the form validates)."""

    to_state = serializers.ChoiceField(choices=State.choices)
    reason = serializers.CharField(max_length=2000, required=False)
    phase = serializers.IntegerField(required=False, help_text="A phase of this track (its id).")
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices, required=False)
    subsidy = serializers.ChoiceField(choices=Subsidy.choices, required=False)
    start_date = serializers.DateField(required=False)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=1, max_value=60, required=False
    )
    exception_reason = serializers.CharField(max_length=2000, required=False)


class MemberMove(ApiView, generics.GenericAPIView):
    """Move a member of a track's pool (a person the client may see) to another state."""

    write_scope = ApiScope.POOL_WRITE
    serializer_class = MemberSerializer

    @extend_schema(request=MoveSerializer, responses={200: MemberSerializer})
    def post(self, request: Request, pk: int, member_pk: int) -> Response:
        if not has_role(self.user, TRACK_MATCHERS):
            raise PermissionDenied(_("Only coordinators move candidates."))
        member = get_object_or_404(
            tracks_access.track_participants_for(self.user).select_related("track", "participant"),
            pk=member_pk,
            track_id=pk,
        )
        if not isinstance(request.data, dict):
            return problem(status.HTTP_400_BAD_REQUEST, _("Send the move as a JSON object."))
        # Every state is offered to the form: which move is allowed from where the member is,
        # the workflow decides, and says why not (409) as on the board.
        form = MoveForm(as_form_data(request.data), track=member.track, allowed=State.values)
        if not form.is_valid():
            return form_problem(form)
        data = form.cleaned_data
        offer = None
        if data["to_state"] == State.OFFERED:
            offer = workflow.Offer(
                employment_type=data["employment_type"],
                start_date=data["start_date"],
                hours_per_week=data["hours_per_week"],
                subsidy=data["subsidy"],
                employer=member.track.employer,
            )
        try:
            moved = workflow.move_participant(
                track_participant=member,
                to_state=data["to_state"],
                by=self.user,
                reason=data["reason"],
                phase=data["phase"],
                offer=offer,
                exception_reason=data["exception_reason"],
            )
        except ValidationError as refused:
            return problem(status.HTTP_409_CONFLICT, " ".join(refused.messages))
        audit.log_page_read(request, member.participant)
        shown: dict[str, Any] = MemberSerializer(moved, context={"identity_visible": True}).data
        return Response(shown)
