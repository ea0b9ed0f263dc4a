"""The cards a track's pages repeat per person, written here (jobbspar.markup, issue 18): the
participant board's and the pool table's rows (the track page and its htmx redraws) and the
candidate search's; and the track page's phase plan, one item per phase.

Drawn node by node, the board was a quarter of the track page's Python and the candidates a
third of the search's. The cards are the templates' markup, with every value escaped by
format_html and the sentences translated with the templates' msgids. What a card shows is
decided before it is written: the member's identity only where `identity_visible`
(participants.access.seen_by) says so; the ticking and the moves only for those who may match
(tracks.access.may_match_tracks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import dateformat, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from jobbspar.fast_urls import reverse_fast
from jobbspar.markup import format_html, joined, sentence

if TYPE_CHECKING:
    from participants.models import Participant
    from tracks.matching import Explanation
    from tracks.models import Phase
    from tracks.views.common import PoolMember

CHOOSE = (
    '<div class="form-check form-check-inline mb-0"><input class="form-check-input"'
    ' type="checkbox" form="pool-choice" name="members" value="{pk}" id="choose-{pk}">'
    '<label class="form-check-label small" for="choose-{pk}">{label}</label></div>'
)
# A move that needs a form (a reason, a phase, the offer) opens its page; the others post here.
MOVE_PAGE = (
    '<a class="btn btn-sm btn-outline-dark" href="{url}?to={state}">{label}'
    '<span class="visually-hidden"> ({name})</span></a>'
)
MOVE_NOW = (
    '<form method="post" action="{url}" hx-post="{url}" hx-target="#board" hx-swap="outerHTML">'
    '{csrf}<input type="hidden" name="to_state" value="{state}">'
    '<button type="submit" class="btn btn-sm btn-outline-primary">{label}'
    '<span class="visually-hidden"> ({name})</span></button></form>'
)
CANDIDATE = (
    '<section class="border rounded p-3 mb-3" aria-labelledby="candidate-{pk}">'
    '<h2 class="h5" id="candidate-{pk}">{name}</h2><p>{score} · {summary}</p>{priority}{results}'
    '<form method="post" action="{nominate_url}" class="mt-2">{csrf}'
    '<input type="hidden" name="participant" value="{pk}">'
    '<label class="form-label" for="motivation-{pk}">{motivation}</label>'
    '<textarea class="form-control" name="motivation" id="motivation-{pk}" rows="2"'
    ' maxlength="2000" required></textarea>'
    '<button type="submit" class="btn btn-outline-primary mt-2">{nominate}</button>'
    "</form></section>"
)


def _day(value: Any) -> str:
    return dateformat.format(value, "Y-m-d")


def _decision(member: PoolMember) -> SafeString:
    decision = getattr(member, "employer_decision", None)
    if decision is None:
        return SafeString("")
    reason = f" – {decision.get_reason_display()}" if decision.reason else ""
    comment = f" ({decision.comment})" if member.identity_visible and decision.comment else ""
    return format_html(
        '<p class="small mb-1">{} <strong>{}</strong>{}{}, {}</p>',
        gettext("Employer's decision:"),
        decision.get_decision_display(),
        reason,
        comment,
        dateformat.format(timezone.localtime(decision.decided_at), "Y-m-d H:i"),
    )


def _moves(member: PoolMember, name: str, csrf_input: SafeString) -> SafeString:
    url = member.move_url  # type: ignore[attr-defined]  # set by board_columns
    buttons = [
        format_html(
            MOVE_PAGE if move["needs_form"] else MOVE_NOW,
            url=url,
            state=move["state"].value,
            label=move["label"],
            name=name,
            csrf=csrf_input,
        )
        for move in member.moves  # type: ignore[attr-defined]
    ]
    return format_html('<div class="d-flex flex-wrap gap-1 mt-1">{}</div>', joined(buttons))


def card(member: PoolMember, *, may_match: bool, csrf_input: SafeString) -> SafeString:
    """One member's card on the board (`board_columns` has set its label, URLs and moves)."""
    visible = member.identity_visible
    name = member.participant.name if visible else ""
    parts = [SafeString('<li class="border rounded p-2 mb-2">')]
    if may_match and visible:
        label = sentence(gettext('Choose <span class="visually-hidden">%(name)s</span>'), name=name)
        parts.append(format_html(CHOOSE, pk=member.pk, label=label))
    if visible:
        url = member.detail_url  # type: ignore[attr-defined]  # set by board_columns
        parts.append(format_html('<strong><a href="{}">{}</a></strong>', url, name))
    else:
        parts.append(format_html("<strong>{}</strong>", member.pseudonym))
    mentor = getattr(member, "workplace_mentor", None)
    if mentor:
        text = sentence(gettext("Workplace mentor: %(name)s"), name=mentor.name)
        parts.append(format_html('<p class="small mb-1">{}</p>', text))
    if member.apl_deviation_week:
        text = sentence(
            gettext("Deviation in APL, the week starting %(week)s"),
            week=_day(member.apl_deviation_week),
        )
        parts.append(
            format_html('<p class="mb-1"><span class="badge text-bg-warning">{}</span></p>', text)
        )
    if member.pause_planned_return:
        text = sentence(
            gettext("Paused, planned return %(day)s"), day=_day(member.pause_planned_return)
        )
        parts.append(format_html('<p class="small mb-1">{}</p>', text))
    parts.append(_decision(member))
    if may_match and visible and member.moves:  # type: ignore[attr-defined]
        parts.append(_moves(member, name, csrf_input))
    parts.append(SafeString("</li>"))
    return joined(parts)


def pool_row(member: PoolMember, *, track_pk: int, may_request_access: bool) -> SafeString:
    """One member's row of the candidate pool table: the person by name, or by pseudonym with
    who holds the record and the way to ask for access; who nominated them, the match, the
    state, and their consent to be presented (its date only to those who may see them)."""
    participant = member.participant
    if member.identity_visible:
        who = format_html("{}", participant.name)
    else:
        held = sentence(
            gettext("Registered by %(organisation)s; no consent shared with your organisation."),
            organisation=participant.registered_by.name,
        )
        ask = SafeString("")
        if may_request_access and member.access_asked:
            ask = format_html(" {}", gettext("Access requested – waiting for their answer."))
        elif may_request_access:
            ask = format_html(
                ' <a href="{}">{}<span class="visually-hidden"> ({})</span></a>',
                reverse_fast("tracks:member_access_request", [track_pk, member.pk]),
                gettext("Ask for access"),
                member.pseudonym,
            )
        who = format_html('{}<p class="small mb-0">{}{}</p>', member.pseudonym, held, ask)
    consented = participant.presentation_consent_on
    if consented and member.identity_visible:
        consent = sentence(gettext("Yes, recorded %(day)s"), day=_day(consented))
    elif consented:
        consent = format_html("{}", gettext("Yes"))
    else:
        consent = format_html("{}", gettext("No – cannot be presented yet"))
    return format_html(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        who,
        member.nominating_organisation.name,
        member.match_summary or "–",
        member.state_label,  # type: ignore[attr-defined]  # set by board_columns
        consent,
    )


def draw_cards(
    members: list[PoolMember],
    *,
    track_pk: int,
    may_match: bool,
    may_request_access: bool,
    csrf_input: SafeString,
) -> None:
    """Each member's `card` for the board's columns and `row` for the pool table."""
    for member in members:
        member.card = card(member, may_match=may_match, csrf_input=csrf_input)  # type: ignore[attr-defined]
        member.row = pool_row(  # type: ignore[attr-defined]
            member, track_pk=track_pk, may_request_access=may_request_access
        )


def candidate_card(
    participant: Participant,
    explanation: Explanation,
    *,
    nominate_url: str,
    csrf_input: SafeString,
) -> SafeString:
    """One ranked candidate of the search (tracks.matching): the score and why, and the form
    that nominates them to the pool with a motivation."""
    name = participant.name
    priority = (
        format_html(
            "<p><strong>{}</strong></p>",
            gettext("Priority: continued support after an earlier track in this occupation."),
        )
        if participant.priority  # type: ignore[attr-defined]  # matching's annotation
        else SafeString("")
    )
    results = (
        format_html(
            "<ul>{}</ul>",
            joined([format_html("<li>{}</li>", result.text) for result in explanation.results]),
        )
        if explanation.results
        else SafeString("")
    )
    return format_html(
        CANDIDATE,
        pk=participant.pk,
        name=name,
        score=sentence(gettext("Score: %(score)s"), score=participant.match_score),  # type: ignore[attr-defined]
        summary=explanation.summary,
        priority=priority,
        results=results,
        nominate_url=nominate_url,
        csrf=csrf_input,
        motivation=sentence(gettext("Motivation for nominating %(name)s"), name=name),
        nominate=sentence(
            gettext('Nominate <span class="visually-hidden">%(name)s</span> to the pool'), name=name
        ),
    )


PHASE = (
    '<li class="border rounded p-2 mb-2{current_class}"{current_attribute}>\n'
    "    <strong>{title}</strong>{now}<br>\n"
    "    {starts} – {ends} ·\n"
    "    {responsible}{place}\n"
    "    {edit}\n"
    "  </li>\n"
)
CURRENT_CLASS = SafeString(" border-primary border-3")
CURRENT_ATTRIBUTE = SafeString(' aria-current="step"')


def phase_item(phase: Phase, *, track_pk: int, may_edit: bool, current: bool) -> SafeString:
    """One phase of the track page's phase plan: its title, dates, who is responsible and
    where, the current one marked (for assistive technology too), and the links to change it
    for those who may edit tracks."""
    place = SafeString("")
    if phase.place:
        place = format_html(" · {}", sentence(gettext("Place: %(place)s"), place=phase.place))
    edit = SafeString("")
    if may_edit:
        edit = format_html(
            ' · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse_fast("tracks:phase_edit", [track_pk, phase.pk]),
            sentence(
                gettext('Edit <span class="visually-hidden">%(phase)s</span>'), phase=phase.title
            ),
            reverse_fast("tracks:phase_delete", [track_pk, phase.pk]),
            sentence(
                gettext('Delete <span class="visually-hidden">%(phase)s</span>'), phase=phase.title
            ),
        )
    return format_html(
        PHASE,
        current_class=CURRENT_CLASS if current else SafeString(""),
        current_attribute=CURRENT_ATTRIBUTE if current else SafeString(""),
        title=phase.title,
        now=format_html(' <span class="badge text-bg-primary">{}</span>', gettext("Now (today)"))
        if current
        else SafeString(""),
        starts=_day(phase.starts_on),
        ends=_day(phase.ends_on),
        responsible=sentence(
            gettext("Responsible: %(party)s"), party=phase.get_responsible_display()
        ),
        place=place,
        edit=edit,
    )
