"""Read resources beside the first ones: an employer's recruitment needs and a track's phases,
with filters on their indexed fields; every queryset from the apps' access modules."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from api import filters
from api.models import ApiScope
from api.views import ApiView
from employers import access as employers_access
from employers.models import NeedStatus, RecruitmentNeed
from tracks import access as tracks_access
from tracks.models import Phase


class NeedSerializer(serializers.ModelSerializer):
    employer = serializers.IntegerField(source="employer_id")
    partnership = serializers.IntegerField(source="partnership_id")
    occupation = serializers.CharField(source="occupation.name")

    class Meta:
        model = RecruitmentNeed
        fields = [
            "id",
            "employer",
            "partnership",
            "occupation",
            "positions",
            "wanted_start",
            "horizon",
            "workplace",
            "employment_type",
            "working_hours",
            "shift_work",
            "status",
            "created_at",
        ]


class PhaseSerializer(serializers.ModelSerializer):
    track = serializers.IntegerField(source="track_id")

    class Meta:
        model = Phase
        fields = ["id", "track", "kind", "title", "starts_on", "ends_on", "responsible", "place"]


@extend_schema(
    parameters=[
        filters.choice_parameter("status", NeedStatus.values, "Only needs in this status."),
        filters.whole_number_parameter("employer", "Only this employer's needs (its id)."),
    ]
)
class NeedList(ApiView, generics.ListAPIView):
    """The recruitment needs of the client's partnerships, newest first."""

    read_scope = ApiScope.EMPLOYERS_READ
    serializer_class = NeedSerializer
    query_filters = ("status", "employer")

    def get_queryset(self) -> QuerySet:
        needs = employers_access.needs_for(self.user).select_related("occupation")
        wanted = filters.choice(self.request, "status", NeedStatus.values)
        if wanted:
            needs = needs.filter(status=wanted)
        employer = filters.whole_number(self.request, "employer")
        return needs.filter(employer_id=employer) if employer is not None else needs


class PhaseList(ApiView, generics.ListAPIView):
    """A track's phases (the track one the client may open)."""

    read_scope = ApiScope.TRACKS_READ
    serializer_class = PhaseSerializer

    def get_queryset(self) -> QuerySet:
        track = generics.get_object_or_404(
            tracks_access.tracks_for(self.user), pk=self.kwargs["pk"]
        )
        return tracks_access.phases_for(self.user).filter(track=track)
