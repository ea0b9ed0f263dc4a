"""Nominating several participants from the participant list to a track: the track and the
motivation are chosen in the confirmation step (jobbspar.bulk.run_bulk_action)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jobbspar.access import role_required
from jobbspar.bulk import BulkAction, chosen_ids, initial_choice, run_bulk_action
from jobbspar.http import AuthenticatedRequest
from participants import access as participants_access
from tracks import access as tracks_access
from tracks import bulk
from tracks.access import TRACK_MATCHERS
from tracks.bulk_forms import BulkNominateForm
from tracks.models import CLOSED_TRACK_STATUSES, Track


def _track_name(form: Any) -> str:
    return str(form.cleaned_data["track"].name)


NOMINATE = BulkAction(
    title=gettext_lazy("Nominate several participants to a track"),
    intro=gettext_lazy(
        "Choose the track and write the motivation, the same for everyone. You see who will be "
        "nominated, and who will not and why, before anything is done: someone already in the "
        "track's pool, active in another track, or without a recorded consent to presentation "
        "is left out. Each nomination is recorded in the participant's history."
    ),
    will=gettext_lazy("Will be nominated"),
    did=gettext_lazy("Nominated"),
    wont=gettext_lazy("Will not be nominated:"),
    didnt=gettext_lazy("Not nominated:"),
    heading=lambda form: _("Preview: nominate to “%(track)s”") % {"track": _track_name(form)},
    result_heading=lambda form: _("Result: nominate to “%(track)s”") % {"track": _track_name(form)},
    confirm=lambda n: (
        ngettext("Nominate %(count)s participant", "Nominate %(count)s participants", n)
        % {"count": n}
    ),
    done=lambda n: (
        ngettext(
            "%(count)s participant was nominated.", "%(count)s participants were nominated.", n
        )
        % {"count": n}
    ),
    run=lambda chosen, form, request: bulk.nominate_all(
        chosen,
        track=form.cleaned_data["track"],
        by=request.user,
        motivation=form.cleaned_data["motivation"],
    ),
)


def open_tracks_for(user: Any) -> QuerySet[Track]:
    """The tracks a coordinator may nominate to: their partnerships' open tracks."""
    return (
        tracks_access.tracks_for(user)
        .exclude(status__in=CLOSED_TRACK_STATUSES)
        .select_related("employer")
        .order_by("name", "pk")
    )


@role_required(*TRACK_MATCHERS)
def bulk_nominate(request: AuthenticatedRequest) -> HttpResponse:
    # Only the chosen rows, never the whole list: a partnership sees thousands of people.
    chosen = participants_access.participants_for(request.user).filter(
        pk__in=chosen_ids(request, "participants")
    )
    form = BulkNominateForm(
        request.POST or None,
        participants=chosen.order_by("name", "pk"),
        tracks=open_tracks_for(request.user),
        initial=initial_choice(request, "participants", chosen.none()),
    )
    return run_bulk_action(
        request,
        action=NOMINATE,
        form=form,
        context={
            "back_url": reverse("participants:participant_list"),
            "back_label": _("Participants"),
            "again_url": reverse("tracks:bulk_nominate"),
            "empty": _("Tick the participants to nominate on the participant list first."),
        },
    )


def participant_list_actions(user: Any) -> list[tuple[str, str]]:
    """The participant list's bulk actions from tracks: nominating, for coordinators."""
    if not tracks_access.may_match_tracks(user):
        return []
    return [(_("Nominate to a track…"), reverse("tracks:bulk_nominate"))]
