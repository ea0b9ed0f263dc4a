"""The REST API, version 1. Every queryset comes from the apps' access functions, for the
client's service user, exactly as the web pages get theirs; the scopes narrow it further."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.mixins import ListModelMixin
from rest_framework.request import Request
from rest_framework.response import Response

from api import filters
from api.forms import as_form_data, form_problem
from api.models import ApiScope
from api.pagination import ByNewest
from api.problems import problem
from api.serializers import (
    TRACK_COLUMNS,
    EmployerSerializer,
    MemberSerializer,
    NominationSerializer,
    ParticipantRegistrationSerializer,
    ParticipantSerializer,
    TrackSerializer,
)
from employers import access as employers_access
from jobbspar import audit
from jobbspar.access import has_role
from jobbspar.models import AccessPurpose, User
from jobbspar.repeats import once_per_row
from participants import access as participants_access
from participants import registration
from participants.forms import ParticipantForm
from participants.models import ParticipantStatus
from tracks import access as tracks_access
from tracks import workflow
from tracks.access import TRACK_MATCHERS
from tracks.models import TrackStatus


class ApiView(generics.GenericAPIView):
    read_scope: str | None = None
    write_scope: str | None = None
    pagination_class = ByNewest
    # The query parameters the view reads (besides a list's cursor and page_size).
    query_filters: tuple[str, ...] = ()

    @property
    def user(self) -> User:
        return self.request.user

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authenticated and allowed first
        known = set(self.query_filters)
        if isinstance(self, ListModelMixin):
            known |= {"cursor", "page_size"}
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            # A misspelt filter must not look like an answer to it.
            raise BadRequest(dict.fromkeys(unknown, _("This parameter is not known here.")))

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        # Personal data: never kept by a browser or a proxy.
        response["Cache-Control"] = "no-store"
        return response


class EmployerList(ApiView, generics.ListAPIView):
    """The employers the client may see, newest first."""

    read_scope = ApiScope.EMPLOYERS_READ
    serializer_class = EmployerSerializer

    def get_queryset(self) -> QuerySet:
        return employers_access.employers_for(self.user)


@extend_schema(
    parameters=[
        filters.choice_parameter("status", TrackStatus.values, "Only tracks in this status.")
    ]
)
class TrackList(ApiView, generics.ListAPIView):
    """The tracks of the client's partnerships, newest first; `status` filters."""

    read_scope = ApiScope.TRACKS_READ
    serializer_class = TrackSerializer
    query_filters = ("status",)

    def get_queryset(self) -> QuerySet:
        tracks = (
            tracks_access.tracks_for(self.user)
            .select_related("employer", "need__occupation")
            .only(*TRACK_COLUMNS)
        )
        wanted = filters.choice(self.request, "status", TrackStatus.values)
        return tracks.filter(status=wanted) if wanted else tracks


class TrackDetail(ApiView, generics.RetrieveAPIView):
    read_scope = ApiScope.TRACKS_READ
    serializer_class = TrackSerializer

    def get_queryset(self) -> QuerySet:
        return (
            tracks_access.tracks_for(self.user)
            .select_related("employer", "need__occupation")
            .only(*TRACK_COLUMNS)
        )


class Pool(ApiView, generics.ListCreateAPIView):
    """A track's candidate pool (GET) and nominating a participant to it (POST)."""

    read_scope = ApiScope.POOL_READ
    write_scope = ApiScope.POOL_WRITE
    serializer_class = MemberSerializer

    def track(self) -> Any:
        return get_object_or_404(tracks_access.tracks_for(self.user), pk=self.kwargs["pk"])

    def get_queryset(self) -> QuerySet:
        visible = participants_access.participants_for(self.user).filter(
            pk=OuterRef("participant_id")
        )
        return (
            tracks_access.track_pool_for(self.user)
            .filter(track=self.track())
            .select_related("participant__registered_by")
            .annotate(identity_visible=Exists(visible))
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        shown = [row["participant"]["id"] for row in response.data["results"] if row["participant"]]
        if shown:
            # Every person the client is shown by name is a logged read, as on the web.
            people = participants_access.participants_for(self.user).filter(pk__in=shown)
            audit.log_reads(
                user=self.user, objects=people, purpose=AccessPurpose.CASE_WORK, path=request.path
            )
        return response

    @extend_schema(request=NominationSerializer, responses={201: MemberSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not has_role(self.user, TRACK_MATCHERS):
            raise PermissionDenied(_("Only coordinators nominate candidates."))
        track = self.track()
        nomination = NominationSerializer(data=request.data)
        nomination.is_valid(raise_exception=True)
        participant = get_object_or_404(
            participants_access.participants_for(self.user),
            pk=nomination.validated_data["participant"],
        )
        try:
            member = workflow.nominate_candidate(
                track=track,
                participant=participant,
                by=self.user,
                motivation=nomination.validated_data["motivation"],
            )
        except ValidationError as refused:
            return problem(status.HTTP_409_CONFLICT, " ".join(refused.messages))
        # The client nominated someone it sees: shown by name.
        shown = MemberSerializer(member, context={"identity_visible": True}).data
        return Response(shown, status=status.HTTP_201_CREATED)


class ParticipantCreate(ApiView, generics.CreateAPIView):
    """Register a participant, with the same validation as the registration form. A person
    registered by the other organisation is not shown: the answer is 409, and access is asked
    for in the web UI, naming the consent collected."""

    write_scope = ApiScope.PARTICIPANTS_WRITE
    serializer_class = ParticipantSerializer

    @extend_schema(
        request=ParticipantRegistrationSerializer,
        responses={201: ParticipantSerializer, 409: OpenApiResponse(description="Registered")},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not participants_access.can_edit_participants(self.user):
            raise PermissionDenied(_("This client's role does not register participants."))
        if not isinstance(request.data, dict):
            return problem(status.HTTP_400_BAD_REQUEST, _("Send the participant as a JSON object."))
        # A new registration is active unless the client says otherwise, as in the form.
        posted = {"status": ParticipantStatus.ACTIVE, **as_form_data(request.data)}
        form = ParticipantForm(posted, user=self.user)
        # The coordinator and the job coach are two lookups of a user from one line of Django's
        # ModelChoiceField: a fixed two, not a query per row (the N+1 detector cannot tell).
        with once_per_row():
            valid = form.is_valid()
        if not valid:
            return form_problem(form)
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            participant = registration.register_participant(by=self.user, **data)
        except registration.AlreadyVisible as known:
            return problem(
                status.HTTP_409_CONFLICT,
                _("This personal identity number is already registered."),
                participant=known.participant.pk,
            )
        except registration.RegisteredElsewhere:
            return problem(
                status.HTTP_409_CONFLICT,
                _(
                    "The person is registered by the other organisation, which holds the "
                    "record. Ask it for access in Jobbspår, naming the consent you collected."
                ),
            )
        return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)


class ParticipantDetail(ApiView, generics.RetrieveAPIView):
    read_scope = ApiScope.PARTICIPANTS_READ
    serializer_class = ParticipantSerializer

    def get_queryset(self) -> QuerySet:
        return participants_access.participants_for(self.user).select_related("registered_by")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        participant = self.get_object()
        audit.log_page_read(request, participant)
        return Response(self.get_serializer(participant).data)
