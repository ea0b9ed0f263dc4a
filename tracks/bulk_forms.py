"""The forms of the bulk actions: whom (pool members or participants), what (the action's own
fields) and the fingerprint of the choice as the preview showed it."""

from __future__ import annotations

import hashlib
from typing import Any, cast

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from jobbspar.bulk import BulkChoiceForm
from participants.bulk import ChosenParticipantsForm
from tracks.bulk import bulk_targets
from tracks.models import Phase, State, Track, TrackParticipant


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TrackParticipant) -> str:
        return obj.participant.name


def choice_fingerprint(
    member_pks: list[int], to_state: str, phase_pk: int | None, reason: str
) -> str:
    """The bulk move's choice: the members, the state, the phase and the reason."""
    choice = "\n".join(
        [",".join(map(str, sorted(member_pks))), to_state, str(phase_pk or ""), reason]
    )
    return hashlib.sha256(choice.encode()).hexdigest()[:32]


_MEMBER_ERRORS = {
    "required": _("Choose at least one participant."),
    "invalid_choice": _("One of the chosen participants is not in this track's pool."),
    "invalid_pk_value": _("One of the chosen participants is not in this track's pool."),
}


class BulkMembersForm(BulkChoiceForm):
    """Pool members of one track, those the user sees by name."""

    members = MemberChoiceField(
        label=_("Participants"),
        queryset=TrackParticipant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_MEMBER_ERRORS,
    )

    def __init__(
        self, *args: Any, track: Track, members: QuerySet[TrackParticipant], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.track = track
        cast("forms.ModelMultipleChoiceField[Any]", self.fields["members"]).queryset = members


class BulkPresentForm(BulkMembersForm):
    action = "present"


class BulkRemindForm(BulkMembersForm):
    action = "remind"

    def version(self, obj: Any) -> str:
        decision = getattr(obj, "employer_decision", None)
        return f"{obj.state}/{decision.decision if decision else ''}"


class BulkExportForm(BulkMembersForm):
    action = "export"


class BulkMoveForm(BulkMembersForm):
    action = "move"
    to_state = forms.ChoiceField(
        label=_("Move to"),
        choices=[(s, State(s).label) for s in bulk_targets()],
        error_messages={"invalid_choice": _("Choose a state from the list.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed for “not selected” and “discontinued”; the same for everyone moved."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phase = forms.ModelChoiceField(
        label=_("Discontinued in phase"), queryset=Phase.objects.none(), required=False
    )

    def __init__(self, *args: Any, track: Track, **kwargs: Any) -> None:
        super().__init__(*args, track=track, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["phase"]).queryset = track.phases.all()

    def fingerprint(self) -> str:
        """The choice as the preview showed it: the members, the state, the phase and reason.
        (Each member's state is re-read under its lock when it is moved.)"""
        data = self.cleaned_data
        phase = data.get("phase")
        return choice_fingerprint(
            [m.pk for m in data["members"]],
            data["to_state"],
            phase.pk if phase else None,
            data.get("reason", ""),
        )


class TrackChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Model) -> str:
        track = cast("Track", obj)
        return f"{track.name} ({track.employer.name})"


class BulkNominateForm(ChosenParticipantsForm):
    """Participants from the participant list, the track to nominate them to and why."""

    action = "nominate"
    track = TrackChoiceField(
        label=_("Track"),
        queryset=Track.objects.none(),
        error_messages={
            "required": _("Choose the track to nominate them to."),
            "invalid_choice": _("Choose one of the open tracks in the list."),
        },
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        help_text=_("The same for everyone nominated; it is recorded in each one's history."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write a short motivation for the nomination.")},
    )

    def __init__(self, *args: Any, tracks: QuerySet[Track], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["track"]).queryset = tracks

    def choice(self) -> list[str]:
        data = self.cleaned_data
        return [str(data["track"].pk), data["motivation"].strip()]
