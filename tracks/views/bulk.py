"""The bulk actions on a track's pool: present, move, remind the employer, export. Each says
only what it does and how it speaks (`jobbspar.bulk.BulkAction`); choosing, the preview, the
confirmation and the result page are `jobbspar.bulk.run_bulk_action`'s."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from jobbspar.access import role_required
from jobbspar.bulk import BulkAction, BulkChoiceForm, initial_choice, run_bulk_action
from jobbspar.http import AuthenticatedRequest
from tracks import access as tracks_access
from tracks import bulk
from tracks.access import TRACK_MATCHERS
from tracks.bulk_export import member_csv_response
from tracks.bulk_forms import (
    BulkExportForm,
    BulkMembersForm,
    BulkMoveForm,
    BulkPresentForm,
    BulkRemindForm,
)
from tracks.bulk_reminders import remind_employer
from tracks.models import State, Track, TrackParticipant
from tracks.views.common import track_for


def _move_state(form: BulkChoiceForm) -> str:
    return str(State(form.cleaned_data["to_state"]).label)


def _move(chosen: list[Any], form: BulkChoiceForm, request: AuthenticatedRequest) -> list:
    data = form.cleaned_data
    return bulk.move_all(
        chosen,
        to_state=data["to_state"],
        by=request.user,
        reason=data["reason"].strip(),
        phase=data["phase"],
    )


MOVE = BulkAction(
    title=gettext_lazy("Move several participants"),
    intro=gettext_lazy(
        "Choose the participants and the state to move them to. You see who will be moved, and "
        "who will not and why, before anything is done. Each move is recorded in the "
        "participant's history as if it were made on its own; a job offer is recorded for one "
        "participant at a time."
    ),
    will=gettext_lazy("Will be moved"),
    did=pgettext_lazy("bulk move", "Moved"),
    wont=gettext_lazy("Will not be moved:"),
    didnt=gettext_lazy("Not moved:"),
    heading=lambda form: _("Preview: move to “%(state)s”") % {"state": _move_state(form)},
    result_heading=lambda form: _("Result: move to “%(state)s”") % {"state": _move_state(form)},
    confirm=lambda n: (
        ngettext("Move %(count)s participant", "Move %(count)s participants", n) % {"count": n}
    ),
    done=lambda n: (
        ngettext("%(count)s participant was moved.", "%(count)s participants were moved.", n)
        % {"count": n}
    ),
    run=_move,
)

PRESENT = BulkAction(
    title=gettext_lazy("Present several participants to the employer"),
    intro=gettext_lazy(
        "Choose the participants to present to the employer. Only those whose free will and "
        "consent to presentation are recorded, and who have been through the introduction "
        "week, can be presented; the preview says who will not be and why. Each presentation "
        "is recorded in the participant's history, and the employer sees them in the portal."
    ),
    will=gettext_lazy("Will be presented"),
    did=gettext_lazy("Presented"),
    wont=gettext_lazy("Will not be presented:"),
    didnt=gettext_lazy("Not presented:"),
    heading=lambda form: _("Preview: present to the employer"),
    result_heading=lambda form: _("Result: present to the employer"),
    confirm=lambda n: (
        ngettext("Present %(count)s participant", "Present %(count)s participants", n)
        % {"count": n}
    ),
    done=lambda n: (
        ngettext(
            "%(count)s participant was presented to the employer.",
            "%(count)s participants were presented to the employer.",
            n,
        )
        % {"count": n}
    ),
    run=lambda chosen, form, request: bulk.present_all(chosen, by=request.user),
)

REMIND = BulkAction(
    title=gettext_lazy("Remind the employer to decide"),
    intro=gettext_lazy(
        "Choose presented candidates the employer has not decided on yet. The employer's users "
        "in the portal get one reminder naming them by candidate number (never by name), with "
        "a link to the track; at most one such reminder a day per track."
    ),
    will=gettext_lazy("Will be in the reminder"),
    did=gettext_lazy("In the reminder"),
    wont=gettext_lazy("Will not be in the reminder:"),
    didnt=gettext_lazy("Not in the reminder:"),
    heading=lambda form: _("Preview: remind the employer"),
    result_heading=lambda form: _("Result: remind the employer"),
    confirm=lambda n: (
        ngettext(
            "Send the reminder about %(count)s candidate",
            "Send the reminder about %(count)s candidates",
            n,
        )
        % {"count": n}
    ),
    done=lambda n: (
        ngettext(
            "The employer was reminded about %(count)s candidate.",
            "The employer was reminded about %(count)s candidates.",
            n,
        )
        % {"count": n}
    ),
    run=lambda chosen, form, request: remind_employer(chosen, track=form.track, by=request.user),
)

EXPORT = BulkAction(
    title=gettext_lazy("Export several participants"),
    intro=gettext_lazy(
        "Choose the participants to export as CSV: their candidate number, state in the track "
        "and the fields of their record you may see. Every exported person is logged as read."
    ),
    will=gettext_lazy("Will be exported"),
    did=gettext_lazy("Exported"),
    wont=gettext_lazy("Will not be exported:"),
    didnt=gettext_lazy("Not exported:"),
    heading=lambda form: _("Preview: export as CSV"),
    result_heading=lambda form: _("Result: export as CSV"),
    confirm=lambda n: (
        ngettext(
            "Download %(count)s participant as CSV", "Download %(count)s participants as CSV", n
        )
        % {"count": n}
    ),
    done=lambda n: "",
    run=lambda chosen, form, request: [bulk.Outcome(m, bulk.Result.DONE) for m in chosen],
    respond=member_csv_response,
)


def _members(request: AuthenticatedRequest, track: Track) -> QuerySet[TrackParticipant]:
    # Only members the user sees by name: a pseudonymous member is acted on by the organisation
    # that may see them.
    return (
        tracks_access.track_participants_for(request.user)
        .filter(track=track)
        # The export's columns read the registering organisation and the coordinator.
        .select_related(
            "participant__registered_by", "participant__coordinator", "employer_decision"
        )
        .order_by("participant__name", "pk")
    )


def _pool_action(action: BulkAction, form_class: type[BulkMembersForm], url_name: str) -> Any:
    @role_required(*TRACK_MATCHERS)
    def view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
        track = track_for(request, pk)
        members = _members(request, track)
        form = form_class(
            request.POST or None,
            track=track,
            members=members,
            initial=initial_choice(request, "members", members),
        )
        return run_bulk_action(
            request,
            action=action,
            form=form,
            context={
                "track": track,
                "back_url": track.get_absolute_url(),
                "back_label": track.name,
                "select_all": True,
                "again_url": reverse(f"tracks:{url_name}", args=[track.pk]),
                "empty": _(
                    "Nobody in the pool can be chosen by you: the board is empty, or you see "
                    "its members by pseudonym only."
                ),
            },
        )

    view.__name__ = url_name
    return view


bulk_move = _pool_action(MOVE, BulkMoveForm, "bulk_move")
bulk_present = _pool_action(PRESENT, BulkPresentForm, "bulk_present")
bulk_remind = _pool_action(REMIND, BulkRemindForm, "bulk_remind")
bulk_export = _pool_action(EXPORT, BulkExportForm, "bulk_export")
