"""The closing questions of a completed track (tracks.closing), for its coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from tracks import access as tracks_access
from tracks import closing as closing_rules
from tracks.access import TRACK_MATCHERS
from tracks.forms import ClosingForm
from tracks.models import TrackClosing
from tracks.views.common import track_for


def _initial(closing: TrackClosing | None, phases) -> dict:
    if closing is None:
        return {}
    initial = {
        "training_matched_need": closing.training_matched_need,
        "training_comment": closing.training_comment,
        "employer_has_new_need": "yes" if closing.employer_has_new_need else "no",
    }
    for phase in phases:
        review = getattr(phase, "review", None)
        if review is not None:
            initial[f"phase_{phase.pk}_worked"] = review.worked
            initial[f"phase_{phase.pk}_comment"] = review.comment
    return initial


@role_required(*TRACK_MATCHERS)
def track_closing(request, pk: int) -> HttpResponse:
    track = track_for(request, pk)
    closing = tracks_access.track_closing_for(request.user, track)
    phases = list(track.phases.select_related("review").order_by("starts_on", "id"))
    form = ClosingForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(closing, phases),
        phases=phases,
        new_need_exists=bool(closing and closing.new_need_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = closing_rules.record_closing(
                track=track,
                by=request.user,
                training_matched_need=data["training_matched_need"],
                training_comment=data["training_comment"],
                phases={
                    phase_pk: closing_rules.PhaseAnswer(worked=worked, comment=comment)
                    for phase_pk, (worked, comment) in form.phase_answers().items()
                },
                employer_has_new_need=data["employer_has_new_need"],
                new_need_start=data.get("new_need_start"),
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            if saved.new_need_id and not (closing and closing.new_need_id):
                messages.success(
                    request, _("The closing questions were saved and the new need was created.")
                )
                return redirect("employers:need_detail", pk=saved.new_need_id)
            messages.success(request, _("The closing questions were saved."))
            return redirect("tracks:track_detail", pk=track.pk)
    return render(
        request,
        "tracks/track_closing.html",
        {
            "track": track,
            "form": form,
            "closing": closing,
            "may_close": closing_rules.may_close(track),
        },
    )
