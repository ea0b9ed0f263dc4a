"""What the API shows of each resource. Identity numbers, income support and case notes are
never in it; a pool member the client may not see by name is shown by pseudonym."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from employers.models import Employer
from participants.models import Gender, Participant, ParticipantStatus
from tracks.models import Track, TrackParticipant


class EmployerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employer
        fields = ["id", "name", "organisation_number"]


class TrackSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(source="employer.name")
    occupation = serializers.CharField(source="need.occupation.name")
    partnership = serializers.IntegerField(source="partnership_id")

    class Meta:
        model = Track
        fields = [
            "id",
            "name",
            "status",
            "employer",
            "occupation",
            "partnership",
            "start_date",
            "weeks",
            "planned_participants",
        ]


# What TrackSerializer reads of a track, its employer and its occupation (the views' .only()): a
# page of 50 tracks read with every column of the track, employer, need and occupation was ~200
# whole rows built for nine values each (issue 18).
TRACK_COLUMNS = (
    "name",
    "status",
    "partnership_id",
    "start_date",
    "weeks",
    "planned_participants",
    "employer__name",
    "need__occupation__name",
)


class ParticipantSerializer(serializers.ModelSerializer):
    registered_by = serializers.CharField(source="registered_by.name")

    class Meta:
        model = Participant
        fields = ["id", "name", "status", "registered_by", "version"]


class MemberSerializer(serializers.ModelSerializer):
    participant = serializers.SerializerMethodField()
    pseudonym = serializers.CharField()

    class Meta:
        model = TrackParticipant
        fields = ["id", "candidate_number", "pseudonym", "state", "participant"]

    @extend_schema_field(ParticipantSerializer(allow_null=True))
    def get_participant(self, member: Any) -> dict[str, Any] | None:
        # Only a person the client may see (the access function's flag); else the pseudonym.
        if not getattr(member, "identity_visible", self.context.get("identity_visible", False)):
            return None
        return ParticipantSerializer(member.participant).data


class NominationSerializer(serializers.Serializer):
    participant = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    motivation = serializers.CharField(max_length=2000)


class ParticipantRegistrationSerializer(serializers.Serializer):
    """The registration's fields, as the form takes them (for the schema: the form validates,
    with rules a schema cannot say, such as the identity number's check digit)."""

    personal_number = serializers.CharField(
        max_length=20, help_text="YYYYMMDD-NNNN or YYMMDD-NNNN (personnummer or samordningsnummer)."
    )
    name = serializers.CharField(max_length=200)
    gender = serializers.ChoiceField(choices=Gender.choices)
    phone = serializers.CharField(max_length=32, required=False)
    email = serializers.EmailField(required=False)
    district = serializers.CharField(max_length=100, required=False)
    preferred_language = serializers.CharField(max_length=100, required=False)
    needs_interpreter = serializers.BooleanField(required=False)
    newly_arrived = serializers.BooleanField(required=False)
    arrival_date = serializers.DateField(required=False)
    long_term_unemployed = serializers.BooleanField(required=False)
    receives_income_support = serializers.BooleanField(required=False)
    status = serializers.ChoiceField(choices=ParticipantStatus.choices, required=False)
    coordinator = serializers.IntegerField(required=False, help_text="A coordinator's user id.")
    job_coach = serializers.IntegerField(required=False, help_text="A job coach's user id.")
