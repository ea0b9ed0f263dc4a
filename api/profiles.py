"""An employer's contact persons and a need's current requirement profile: read with the
`employers:read` scope, from the employers app's access functions as the web pages read them
(the employer page lists `employer.contacts` of an employer from `employers_for`; the profile
page shows the newest version of a need from `needs_for`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.models import ApiScope
from api.problems import problem
from api.views import ApiView
from employers import access as employers_access
from employers.models import ContactPerson, Criterion, RequirementProfileVersion


class ContactSerializer(serializers.ModelSerializer):
    employer = serializers.IntegerField(source="employer_id")

    class Meta:
        model = ContactPerson
        fields = ["id", "employer", "name", "role", "email", "phone"]


class CriterionSerializer(serializers.ModelSerializer):
    experience_occupation = serializers.CharField(
        source="experience_occupation.name", allow_null=True
    )
    description = serializers.CharField(
        source="value_display", help_text="The requirement as the profile page says it."
    )

    class Meta:
        model = Criterion
        fields = [
            "id",
            "kind",
            "mode",
            "weight",
            "description",
            "swedish_level",
            "language",
            "language_level",
            "driving_licence",
            "experience_months",
            "experience_occupation",
            "education_level",
            "certificate",
            "physical_demand",
            "working_hours",
        ]


class ProfileSerializer(serializers.ModelSerializer):
    need = serializers.IntegerField(source="need_id")
    version = serializers.IntegerField(source="number")
    frozen = serializers.BooleanField(
        source="is_frozen", help_text="Used to assess candidates: a change makes a new version."
    )
    requirements = CriterionSerializer(source="criteria", many=True)

    class Meta:
        model = RequirementProfileVersion
        fields = ["id", "need", "version", "notes", "created_at", "frozen", "requirements"]


class EmployerContacts(ApiView, generics.ListAPIView):
    """An employer's contact persons (an employer the client may see)."""

    read_scope = ApiScope.EMPLOYERS_READ
    serializer_class = ContactSerializer

    def get_queryset(self) -> QuerySet:
        employer = get_object_or_404(
            employers_access.employers_for(self.user), pk=self.kwargs["pk"]
        )
        return employer.contacts.all()


class NeedProfile(ApiView, generics.GenericAPIView):
    """The current (newest) version of a need's requirement profile, with its requirements."""

    read_scope = ApiScope.EMPLOYERS_READ
    serializer_class = ProfileSerializer

    @extend_schema(
        responses={
            200: ProfileSerializer,
            404: OpenApiResponse(description="No such need, or it has no profile yet"),
        }
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        need = get_object_or_404(employers_access.needs_for(self.user), pk=self.kwargs["pk"])
        criteria = employers_access.criteria_for(self.user).select_related("experience_occupation")
        current = (
            need.profile_versions.order_by("-number")
            .prefetch_related(Prefetch("criteria", queryset=criteria))
            .first()
        )
        if current is None:
            return problem(
                status.HTTP_404_NOT_FOUND, _("This need has no requirement profile yet.")
            )
        return Response(ProfileSerializer(current).data)
