"""The objects a coordinator's page works on, from the scoped querysets (another partnership's
object is a 404), and the request parameters the pages read."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404

from employers import access as employers_access
from employers.models import Agreement, Employer, PlanningMeeting, RecruitmentNeed

PAGE_SIZE = 25


def employer_or_404(request, pk: int) -> Employer:
    return get_object_or_404(employers_access.employers_for(request.user), pk=pk)


def need_or_404(request, pk: int) -> RecruitmentNeed:
    return get_object_or_404(
        employers_access.needs_for(request.user).select_related(
            "employer", "occupation", "repeats"
        ),
        pk=pk,
    )


def meeting_or_404(request, pk: int) -> PlanningMeeting:
    return get_object_or_404(
        employers_access.meetings_for(request.user).select_related(
            "employer", "need__occupation", "education_provider"
        ),
        pk=pk,
    )


def agreement_or_404(request, pk: int) -> Agreement:
    return get_object_or_404(
        employers_access.agreements_for(request.user).select_related(
            "need__employer", "need__occupation"
        ),
        pk=pk,
    )


def id_param(value: str) -> int | None:
    """An id from the query string, or None for anything that is not a plain small number."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


def text_param(value: str) -> str:
    """Free text from the query string: trimmed, bounded, without NUL (PostgreSQL refuses it)."""
    return value.replace("\x00", "").strip()[:100]


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data for a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None
