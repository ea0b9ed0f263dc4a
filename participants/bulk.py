"""Bulk actions on the participant list: the choice of participants every one of them takes
(tracks adds nominating them to a track), and exporting the chosen ones as CSV."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jobbspar.bulk import BulkAction, BulkChoiceForm, Outcome, Result
from jobbspar.http import AuthenticatedRequest
from participants.export import chosen_csv
from participants.models import Participant


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Participant) -> str:
        return obj.name


class ChosenParticipantsForm(BulkChoiceForm):
    """Participants chosen on the list, among those the user may see."""

    chosen = "participants"
    action = "export_participants"
    participants = ParticipantChoiceField(
        label=gettext_lazy("Participants"),
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose at least one participant."),
            "invalid_choice": gettext_lazy(
                "One of the chosen participants is not one you may see: registered by another "
                "organisation that has not released access to you."
            ),
            "invalid_pk_value": gettext_lazy("One of the chosen participants is not in the list."),
        },
    )

    def __init__(self, *args: Any, participants: QuerySet[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelMultipleChoiceField[Any]", self.fields["participants"]
        ).queryset = participants

    def version(self, obj: Any) -> str:
        return f"{obj.status}/{obj.presentation_consent_on or ''}"

    def before(self, obj: Any) -> str:
        return str(obj.get_status_display())


def participants_csv_response(
    participants: list[Participant], request: AuthenticatedRequest
) -> HttpResponse:
    """The chosen participants as a CSV download (each one logged as an export read)."""
    text = chosen_csv(request.user, [(p, []) for p in participants], path=request.path)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="deltagare-urval-{stamp}.csv"'
    return response


EXPORT = BulkAction(
    title=gettext_lazy("Export chosen participants"),
    intro=gettext_lazy(
        "Choose the participants to export as CSV, with the fields of their record you may "
        "see. Every exported person is logged as read."
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
    run=lambda chosen, form, request: [Outcome(p, Result.DONE) for p in chosen],
    respond=participants_csv_response,
)
