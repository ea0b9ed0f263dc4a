"""A track's strands (`tracks:read`): what runs beside what, who is responsible, and the weekly
pattern, from schedule/access.py as the schedule pages read them (`strands_for` of a track from
`tracks_for`, weekly patterns from `weekdays_for`, prefetched: three queries a page)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import generics, serializers

from api.models import ApiScope
from api.views import ApiView
from schedule import access as schedule_access
from schedule.models import Strand, StrandWeekday
from tracks import access as tracks_access


class WeekdaySerializer(serializers.ModelSerializer):
    class Meta:
        model = StrandWeekday
        fields = ["weekday", "starts_at", "ends_at"]
        extra_kwargs = {"weekday": {"help_text": "0 is Monday, 4 Friday."}}


class StrandSerializer(serializers.ModelSerializer):
    track = serializers.IntegerField(source="track_id")
    title = serializers.CharField(
        source="__str__", help_text="The strand as the calendar names it."
    )
    provider = serializers.CharField(
        source="provider.name",
        allow_null=True,
        help_text="The education provider that runs it, if one is responsible.",
    )
    weekly_pattern = WeekdaySerializer(source="weekdays", many=True)

    class Meta:
        model = Strand
        fields = [
            "id",
            "track",
            "kind",
            "title",
            "language_course",
            "level",
            "name",
            "responsible",
            "provider",
            "starts_on",
            "ends_on",
            "place",
            "weekly_pattern",
        ]


class StrandList(ApiView, generics.ListAPIView):
    """A track's strands (a track the client may open) with their weekly patterns."""

    read_scope = ApiScope.TRACKS_READ
    serializer_class = StrandSerializer

    def get_queryset(self) -> QuerySet:
        track = get_object_or_404(tracks_access.tracks_for(self.user), pk=self.kwargs["pk"])
        return (
            schedule_access.strands_for(self.user)
            .filter(track=track)
            .select_related("provider")
            .prefetch_related(
                Prefetch("weekdays", queryset=schedule_access.weekdays_for(self.user))
            )
        )
