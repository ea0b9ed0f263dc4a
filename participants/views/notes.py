"""Case notes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbspar.access import role_required
from jobbspar.http import AuthenticatedRequest
from participants import access as participants_access
from participants import registration
from participants.forms import CaseNoteForm
from participants.views.shared import VIEWERS, form_page, participant_or_404


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def note_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_or_404(request, pk)
    if not participants_access.can_see_case_notes(request.user, participant):
        raise PermissionDenied
    form = CaseNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration.add_case_note(participant=participant, by=request.user, **form.cleaned_data)
        messages.success(request, _("The case note is saved."))
        return redirect(participant.get_absolute_url() + "#notes")
    return form_page(
        request,
        form=form,
        participant=participant,
        title=_("Write a case note"),
        submit=_("Save note"),
        cancel=participant.get_absolute_url() + "#notes",
    )
