"""The employers app's part of the start page (its `start_page` contribution)."""

from typing import Any

from django.utils import dateformat, timezone
from django.utils.safestring import SafeString

from employers.meetings import coordinator_overview
from employers.models import ActionItem, PlanningMeeting
from jobbspar.access import COORDINATORS, has_role
from jobbspar.fast_urls import reverse_fast
from jobbspar.http import AuthenticatedRequest
from jobbspar.markup import format_html


def start_page(request: AuthenticatedRequest) -> dict[str, Any]:
    """A coordinator's upcoming meetings and open action items."""
    if not has_role(request.user, COORDINATORS):
        return {}
    overview = coordinator_overview(request.user)
    overview["meeting_items"] = meeting_items(overview["upcoming_meetings"])
    overview["action_rows"] = action_rows(overview["open_action_items"])
    return {"coordinator_overview": overview}


# The start page's lists, written here rather than node by node (jobbspar.markup, issue 18).
def meeting_items(meetings: list[PlanningMeeting]) -> list[SafeString]:
    """Each upcoming meeting linked, with its employer, start (local time) and occupation."""
    return [
        format_html(
            '<li><a href="{}">{}</a> – {}, {}{}</li>',
            reverse_fast("employers:meeting_detail", [meeting.pk]),
            meeting.title,
            meeting.employer.name,
            dateformat.format(timezone.localtime(meeting.starts_at), "Y-m-d H:i"),
            format_html(" ({})", meeting.need.occupation.name) if meeting.need else "",
        )
        for meeting in meetings
    ]


def action_rows(items: list[ActionItem]) -> list[SafeString]:
    """Each open action item: what, when due, and its meeting linked."""
    return [
        format_html(
            '<tr><td>{}</td><td>{}</td><td><a href="{}">{}, {}</a></td></tr>',
            item.description,
            dateformat.format(item.due_date, "Y-m-d"),
            reverse_fast("employers:meeting_detail", [item.meeting_id]),
            item.meeting.title,
            item.meeting.employer.name,
        )
        for item in items
    ]
