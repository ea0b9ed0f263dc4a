"""The participant list, its search, and the list's CSV export."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbspar.access import role_required
from jobbspar.bulk import chosen_ids, initial_choice, run_bulk_action
from jobbspar.contributions import collect
from jobbspar.database import prepared
from jobbspar.database.arrays import id_array
from jobbspar.database.base import planned_for_its_values
from jobbspar.http import AuthenticatedRequest
from jobbspar.markup import format_html
from jobbspar.models import User
from jobbspar.vocabulary import SwedishLevel
from participants import access as participants_access
from participants import bulk, export
from participants.forms import SearchForm
from participants.models import Participant, ParticipantStatus
from participants.search import Filters, WholeList, first_ids_found, search_participant_ids
from participants.views.shared import VIEWERS

PAGE_SIZE = 25


def _search(request: AuthenticatedRequest) -> tuple[SearchForm, Filters]:
    """The search form bound to the query string, and the filters its valid fields give."""
    if not request.GET:
        return SearchForm(user=request.user), Filters()
    form = SearchForm(request.GET, user=request.user)
    form.is_valid()
    return form, form.filters()


@role_required(*VIEWERS)
@require_http_methods(["GET"])
def participant_list(request: AuthenticatedRequest) -> HttpResponse:
    form, filters = _search(request)
    page = _participant_page(request, filters)
    query = request.GET.copy()
    query.pop("page", None)
    # A search from the page (htmx) swaps in only the results; a plain GET gets the page.
    template = "participants/participant_list.html"
    bulk_actions = _bulk_actions(request)
    return render(
        request,
        f"{template}#results" if request.htmx else template,
        {
            "form": form,
            "page_obj": page,
            "participants": page.object_list,
            "rows": list_rows(list(page.object_list), chosen=bool(bulk_actions)),
            "query": query.urlencode(),
            "can_register": participants_access.can_edit_participants(request.user),
            "can_export": participants_access.can_export_participants(request.user),
            "bulk_actions": bulk_actions,
        },
    )


# One row of the list: its cells as participant_list.html's header names them. Written here
# rather than node by node in the template, where 25 rows of ~15 nodes each were a third of the
# page's time (issue 18); every value is escaped by format_html.
ROW = (
    '<tr><th scope="row">{choose}<a href="{url}">{name}</a></th><td>{personal_number}</td>'
    "<td>{registered_by}</td><td>{coordinator}</td><td>{level}</td>"
    '<td><span class="badge text-bg-light border">{status}</span></td></tr>'
)
# The checkbox of a row, for the actions on the participants ticked (the list's bulk actions).
CHOOSE = (
    '<input class="form-check-input me-1" type="checkbox" form="list-choice" name="participants"'
    ' value="{pk}" id="choose-{pk}"><label class="visually-hidden" for="choose-{pk}">{label}'
    "</label>"
)


def list_rows(participants: list[Participant], *, chosen: bool) -> list[SafeString]:
    """The page's rows as HTML, each with a checkbox when there are actions to choose for.
    The Swedish level and status labels are as get_FOO_display gives them, each choice list
    translated once per page instead of once per row (Django rebuilds and translates the
    whole choice list on every get_FOO_display call)."""
    levels, statuses = (
        {value: str(label) for value, label in choices}
        for choices in (SwedishLevel.choices, ParticipantStatus.choices)  # the fields' choices
    )
    choose_label = _("Choose %(name)s")
    rows = []
    for participant in participants:
        name = participant.name
        choose = (
            format_html(CHOOSE, pk=participant.pk, label=choose_label % {"name": name})
            if chosen
            else ""
        )
        coordinator = participant.coordinator
        rows.append(
            format_html(
                ROW,
                choose=choose,
                url=participant.get_absolute_url(),
                name=name,
                personal_number=participant.personal_number_display,
                registered_by=participant.registered_by.name,
                coordinator=str(coordinator) if coordinator else "–",
                level=levels.get(participant.swedish_level, participant.swedish_level),
                status=statuses.get(participant.status, participant.status),
            )
        )
    return rows


def _bulk_actions(request: AuthenticatedRequest) -> list[tuple[str, str]]:
    """(label, url) of what may be done with the participants ticked on the list: this app's
    export and the other apps' actions (tracks: nominate to a track)."""
    actions = [
        action
        for contribute in collect("participant_list_actions")
        for action in contribute(request.user)
    ]
    if participants_access.can_export_participants(request.user):
        actions.append((_("Export as CSV…"), reverse("participants:participant_export_chosen")))
    return actions


# A search with at most this many hits is read as one list of ids (count and page together).
SEARCH_IDS_AT_ONCE = 1000


# What a row of the list shows (participant_list.html): not the rest of each person's record.
LIST_COLUMNS = (
    "name",
    "personal_number",
    "swedish_level",
    "status",
    "registered_by__name",
    "coordinator__first_name",
    "coordinator__last_name",
    "coordinator__username",
)


def _participant_page(request: AuthenticatedRequest, filters: Filters) -> Page:
    """A page of the participant list in two steps: the page's (id, name) in name order (the
    visibility rule's two halves, each read in name order from an index, merged), then those
    rows. A search reads all its ids at once when there are few (one query for count and page);
    the whole list counts from the visibility id sets alone, and its first pages are read by
    statements built once (WholeList)."""
    # Planned for the search's values each time (jobbspar.database.planned_for_its_values): a
    # generic plan for the filtered list took 60-110 ms nationally instead of 12-17.
    with planned_for_its_values():
        if filters != Filters():
            found = first_ids_found(request.user, filters, SEARCH_IDS_AT_ONCE + 1)
            paginator = Paginator(
                found
                if len(found) <= SEARCH_IDS_AT_ONCE
                else search_participant_ids(request.user, filters),
                PAGE_SIZE,
            )
        else:
            paginator = Paginator(WholeList(request.user, PAGE_SIZE), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        # Each id once: the whole list takes its shared people's names from their copy, and a
        # copy out of step could name one person two ways.
        page_ids = list(dict.fromkeys(pk for pk, _name in page.object_list))
    # Built once per kind of user (prepared.py), the ids given as one value: as a list they
    # made a kind of call per pattern of the ids' sizes, nearly one per page of a large list,
    # and building the query on every request was ~1.2 ms of a page's ~14 (issue 18).
    rows = {row.pk: row for row in prepared.evaluate(_list_rows, request.user, id_array(page_ids))}
    page.object_list = [rows[pk] for pk in page_ids if pk in rows]
    return page


def _list_rows(user: User, ids: str) -> QuerySet[Participant]:
    """The rows of a page of the list (its ids, as arrays.id_array's text), under the access
    rule."""
    return (
        participants_access.participants_listed(user, ids)
        .select_related("registered_by", "coordinator")
        .only(*LIST_COLUMNS)
    )


@role_required(*participants_access.PARTICIPANT_EXPORTERS)
@require_http_methods(["GET"])
def participant_export(request: AuthenticatedRequest) -> StreamingHttpResponse:
    _form, filters = _search(request)
    response = StreamingHttpResponse(
        export.csv_lines(request.user, filters, path=request.path),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="deltagare-{stamp}.csv"'
    return response


@role_required(*participants_access.PARTICIPANT_EXPORTERS)
def participant_export_chosen(request: AuthenticatedRequest) -> HttpResponse:
    """Export the participants ticked on the list: preview who, then the file."""
    # Only the chosen rows, never the whole list: a partnership sees thousands of people.
    chosen = participants_access.participants_for(request.user).filter(
        pk__in=chosen_ids(request, "participants")
    )
    form = bulk.ChosenParticipantsForm(
        request.POST or None,
        participants=chosen.select_related("registered_by", "coordinator").order_by("name", "pk"),
        initial=initial_choice(request, "participants", chosen.none()),
    )
    return run_bulk_action(
        request,
        action=bulk.EXPORT,
        form=form,
        context={
            "back_url": reverse("participants:participant_list"),
            "back_label": _("Participants"),
            "again_url": reverse("participants:participant_export_chosen"),
            "empty": _("Tick the participants to export on the participant list first."),
        },
    )
