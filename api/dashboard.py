"""The manager dashboard's aggregates (`dashboard:read`): the same figures as the page, from the
same code (the dashboard's filter form, `dashboard.snapshots.dashboard_for`) with the same
suppression. A count the page shows as "<5" is `{"value": null, "suppressed": true}`, never the
number, and so is a rate's part or whole; a rate that is not shown has no percent or interval.
Only a client whose role may see the dashboard (`dashboard.access.may_see_dashboard`) reads it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.request import Request
from rest_framework.response import Response

from api.forms import form_problem
from api.models import ApiScope
from api.views import ApiView
from dashboard import access as dashboard_access
from dashboard.forms import COUNTRY, EMPLOYER_TEXT_LENGTH, FIRST_YEAR, DashboardFilterForm
from dashboard.outcomes import BREAKDOWNS, Figure, Rate, TargetGroup
from dashboard.outcomes.subsidy import PART_LABELS
from dashboard.snapshots import dashboard_for
from dashboard.views import AGGREGATES_ONLY, FILTER_FIELDS
from jobbspar import access
from participants.models import Gender


class DashboardFigureSerializer(serializers.Serializer):
    """A count of people: `value` is null when `suppressed` (fewer than five, or hidden so that
    another small group cannot be found by subtraction)."""

    value = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()

    def to_representation(self, instance: Figure) -> dict[str, Any]:
        return {
            "value": None if instance.suppressed else instance.value,
            "suppressed": instance.suppressed,
        }


class DashboardRateSerializer(serializers.Serializer):
    """`count` of `of` people; `percent` and its Wilson 95 % interval only when shown."""

    count = DashboardFigureSerializer()
    of = DashboardFigureSerializer()
    percent = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField(help_text="The count or the whole is suppressed.")

    def to_representation(self, instance: Rate) -> dict[str, Any]:
        interval = instance.interval
        percent = instance.percent
        return {
            "count": {
                "value": None if instance.part_suppressed else instance.part,
                "suppressed": instance.part_suppressed,
            },
            "of": {
                "value": None if instance.whole_suppressed else instance.whole,
                "suppressed": instance.whole_suppressed,
            },
            "percent": None if percent is None else round(percent, 1),
            "ci_low": None if interval is None else round(interval[0], 1),
            "ci_high": None if interval is None else round(interval[1], 1),
            "suppressed": instance.part_suppressed or instance.whole_suppressed,
        }


class DashboardFunnelStepSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    people = DashboardFigureSerializer()


class DashboardSubsidyPartSerializer(serializers.Serializer):
    part = serializers.CharField()
    label = serializers.CharField()
    placement = DashboardRateSerializer()
    employed_12_months = DashboardRateSerializer()


class DashboardFollowUpSerializer(serializers.Serializer):
    months = serializers.IntegerField()
    due = DashboardFigureSerializer()
    employed = DashboardRateSerializer()
    studying = DashboardRateSerializer()
    self_sufficient = DashboardRateSerializer()
    pending = DashboardFigureSerializer()
    unknown = DashboardFigureSerializer(help_text="Not answered in time: counted as not a success.")


class DashboardDiscontinuedSerializer(serializers.Serializer):
    phase = serializers.CharField()
    reason = serializers.CharField(allow_null=True)
    people = DashboardFigureSerializer()


class DashboardGroupSerializer(serializers.Serializer):
    label = serializers.CharField()
    nominated = DashboardFigureSerializer()
    completed = DashboardFigureSerializer()
    placement = DashboardRateSerializer()
    hired = DashboardRateSerializer()


class DashboardYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    tracks = serializers.IntegerField()
    started = DashboardFigureSerializer(source="started_figure")
    per_track = serializers.FloatField(allow_null=True)


class DashboardPositionsSerializer(serializers.Serializer):
    tracks = serializers.IntegerField()
    with_agreement = serializers.IntegerField()
    agreed = serializers.IntegerField()
    offered_in_agreed = DashboardFigureSerializer()
    need_positions = serializers.IntegerField()
    offered = DashboardFigureSerializer()


class DashboardTimingSerializer(serializers.Serializer):
    meeting_to_start = serializers.FloatField(allow_null=True, help_text="Median days.")
    meeting_to_start_n = serializers.IntegerField(allow_null=True)
    meeting_to_hire = serializers.FloatField(allow_null=True, help_text="Median days.")
    meeting_to_hire_n = serializers.IntegerField(allow_null=True)


def _money() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)


class DashboardCostSerializer(serializers.Serializer):
    funding = serializers.DecimalField(max_digits=None, decimal_places=2)
    funded_tracks = serializers.IntegerField()
    per_participant = _money()
    per_hire = _money()
    subgroup = serializers.BooleanField(
        default=False, help_text="Participants are filtered: no cost per person is given."
    )


class DashboardSerializer(serializers.Serializer):
    scope = serializers.SerializerMethodField(
        help_text="The partnership in view (its id), or “country”."
    )
    computed_at = serializers.DateTimeField()
    from_summary = serializers.BooleanField()
    empty = serializers.BooleanField()
    suppressed = serializers.BooleanField(help_text="The whole view has fewer than five people.")
    breakdown_by = serializers.CharField()
    placement = DashboardRateSerializer()
    hired = DashboardRateSerializer()
    subsidy = serializers.SerializerMethodField()
    funnel = serializers.SerializerMethodField()
    follow_ups = DashboardFollowUpSerializer(many=True)
    discontinued = serializers.SerializerMethodField()
    breakdown = DashboardGroupSerializer(many=True)
    tracks_per_year = DashboardYearSerializer(many=True)
    positions = DashboardPositionsSerializer()
    timing = DashboardTimingSerializer()
    cost = DashboardCostSerializer()

    def get_scope(self, dashboard: Any) -> str:
        partnership = dashboard.filters.partnership
        return str(partnership.pk) if partnership is not None else COUNTRY

    @staticmethod
    def _rows(serializer: Any, rows: list[dict[str, Any]]) -> list[Any]:
        return serializer(rows, many=True).data

    @extend_schema_field(DashboardSubsidyPartSerializer(many=True))
    def get_subsidy(self, dashboard: Any) -> list[Any]:
        rows = [
            {
                "part": part,
                "label": str(PART_LABELS[part]),
                "placement": placement,
                "employed_12_months": employed,
            }
            for part, placement, employed in dashboard.subsidy.rows
        ]
        return self._rows(DashboardSubsidyPartSerializer, rows)

    @extend_schema_field(DashboardFunnelStepSerializer(many=True))
    def get_funnel(self, dashboard: Any) -> list[Any]:
        rows = [
            {"key": key, "label": str(label), "people": figure}
            for key, label, figure in dashboard.funnel
        ]
        return self._rows(DashboardFunnelStepSerializer, rows)

    @extend_schema_field(DashboardDiscontinuedSerializer(many=True))
    def get_discontinued(self, dashboard: Any) -> list[Any]:
        """By phase (`reason` null), then the reasons given by at least five people."""
        rows = [
            {"phase": phase, "reason": None, "people": figure}
            for phase, figure in dashboard.discontinued
        ] + [
            {"phase": phase, "reason": reason, "people": figure}
            for phase, reason, figure in dashboard.discontinued_reasons
        ]
        return self._rows(DashboardDiscontinuedSerializer, rows)


def _parameters() -> list[OpenApiParameter]:
    def query(name: str, schema: dict[str, Any], description: str) -> OpenApiParameter:
        return OpenApiParameter(name, schema, OpenApiParameter.QUERY, description=description)

    whole = {"type": "integer", "minimum": 1, "maximum": 999999999}
    day = {"type": "string", "format": "date"}
    return [
        query(
            "scope",
            {"type": "string", "pattern": "^(country|[0-9]{1,9})$"},
            "A partnership of the client's (its id; the default) or “country”.",
        ),
        query(
            "year",
            {"type": "integer", "minimum": FIRST_YEAR, "maximum": 2100},
            "Tracks that started this year (not with start_from / start_to).",
        ),
        query("start_from", day, "Tracks starting from this date."),
        query("start_to", day, "Tracks starting up to this date."),
        query(
            "employer",
            {"type": "string", "maxLength": EMPLOYER_TEXT_LENGTH},
            "The employer: its id, organisation number or (a unique part of) its name.",
        ),
        query("track", whole, "One of the employer's tracks (its id; needs `employer`)."),
        query("occupation", {"type": "string"}, "An SSYK code of a recruitment need."),
        query("shortage", {"type": "string", "enum": ["1"]}, "Only shortage occupations."),
        query("nominating_organisation", whole, "Nominated by this organisation (its id)."),
        query(
            "target_group",
            {"type": "string", "enum": [key for key, _label in TargetGroup.choices]},
            "A target group (income support only for municipal clients).",
        ),
        query("gender", {"type": "string", "enum": Gender.values}, "Only this gender."),
        query(
            "by",
            {"type": "string", "enum": list(BREAKDOWNS)},
            "The breakdown (default gender; income support only for municipal clients).",
        ),
    ]


class DashboardAggregates(ApiView):
    """The outcomes dashboard's figures for the filters given, as the manager dashboard shows
    them (aggregates only, never a person; small groups suppressed)."""

    read_scope = ApiScope.DASHBOARD_READ
    serializer_class = DashboardSerializer
    pagination_class = None  # type: ignore[assignment]  # one object, not a list
    query_filters = (*FILTER_FIELDS, "by")

    @extend_schema(parameters=_parameters(), responses={200: DashboardSerializer})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not dashboard_access.may_see_dashboard(self.user):
            raise PermissionDenied(_("This client's role does not see the dashboard."))
        repeated = sorted(
            name for name in request.query_params if len(request.query_params.getlist(name)) > 1
        )
        if repeated:
            raise BadRequest(dict.fromkeys(repeated, _("Give this filter once.")))
        with access.unscoped(AGGREGATES_ONLY):
            form = DashboardFilterForm(request.query_params, user=self.user)
            if not form.is_valid():
                return form_problem(form)
            dashboard = dashboard_for(form.filters(), form.breakdown())
            return Response(DashboardSerializer(dashboard).data)
