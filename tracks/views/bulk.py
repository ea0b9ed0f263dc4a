"""Moving several members of the pool at once: choose, preview who moves and who does not (and
why), confirm, and see each member's result."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import AccessPurpose
from tracks import access as tracks_access
from tracks import bulk
from tracks.access import TRACK_MATCHERS
from tracks.bulk_forms import BulkMoveForm
from tracks.models import State
from tracks.views.common import track_for


@role_required(*TRACK_MATCHERS)
def bulk_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = track_for(request, pk)
    # Only members the user sees by name: a pseudonymous member is moved by the organisation
    # that may see them.
    members = (
        tracks_access.track_participants_for(request.user)
        .filter(track=track)
        .select_related("participant")
        .order_by("participant__name", "pk")
    )
    form = BulkMoveForm(request.POST or None, track=track, members=members)
    outcomes: list[bulk.Outcome] | None = None
    previewed = ""
    done = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Acting on the chosen people is case work on each of them.
        audit.log_reads(
            user=request.user,
            objects=[m.participant for m in data["members"]],
            purpose=AccessPurpose.CASE_WORK,
            path=request.path,
        )
        arguments = {
            "to_state": data["to_state"],
            "by": request.user,
            "reason": data["reason"].strip(),
            "phase": data["phase"],
        }
        if "confirm" in request.POST and data["previewed"] == form.fingerprint():
            outcomes = bulk.move_all(data["members"], **arguments)
            done = True
            moved = sum(1 for o in outcomes if o.result == bulk.Result.MOVED)
            messages.success(
                request,
                ngettext(
                    "%(count)s participant was moved.", "%(count)s participants were moved.", moved
                )
                % {"count": moved},
            )
        else:
            if "confirm" in request.POST:
                messages.warning(
                    request, _("The choice changed after the preview; check the preview again.")
                )
            outcomes = bulk.preview(data["members"], **arguments)
            previewed = form.fingerprint()
    return render(
        request,
        "tracks/bulk_move.html",
        {
            "track": track,
            "form": form,
            "outcomes": outcomes,
            "done": done,
            "previewed": previewed,
            "to_state": State(form.cleaned_data["to_state"]) if outcomes is not None else None,
            "will_move": sum(1 for o in outcomes or [] if o.result == bulk.Result.MOVED),
            "Result": bulk.Result,
        },
    )
