"""What the steering group's pages share: who may open them, the objects they open (a 404 outside
the user's partnerships), the edit check, the year asked for and the posted data."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jobbspar.http import AuthenticatedRequest
from jobbspar.models import Partnership
from steering import access
from steering.models import FIRST_YEAR, LAST_YEAR, Budget, SteeringMeeting

VIEWERS = tuple(access.STEERING_VIEWERS)


def partnership_or_404(request: AuthenticatedRequest, pk: int) -> Partnership:
    return get_object_or_404(access.steering_partnerships_for(request.user), pk=pk)


def meeting_or_404(request: AuthenticatedRequest, pk: int) -> SteeringMeeting:
    return get_object_or_404(access.meetings_for(request.user).select_related("partnership"), pk=pk)


def budget_or_404(request: AuthenticatedRequest, pk: int) -> Budget:
    return get_object_or_404(access.budgets_for(request.user).select_related("partnership"), pk=pk)


def check_may_edit(request: AuthenticatedRequest, partnership: Partnership) -> None:
    if not access.may_edit_steering(request.user, partnership):
        raise PermissionDenied


def year_asked(request: AuthenticatedRequest) -> int:
    """The year asked for (?year=2027), or this year for anything else."""
    value = request.GET.get("year", "")
    if value.isascii() and value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR:
        return int(value)
    return timezone.localdate().year


def posted(request: AuthenticatedRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None
