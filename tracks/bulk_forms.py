"""The form of a bulk move on the pool board: whom, to where, and the reason where one is needed."""

from __future__ import annotations

import hashlib
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tracks.bulk import MAX_MEMBERS, bulk_targets
from tracks.models import Phase, State, Track, TrackParticipant


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TrackParticipant) -> str:
        return obj.participant.name


class BulkMoveForm(forms.Form):
    members = MemberChoiceField(
        label=_("Participants"),
        queryset=TrackParticipant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one participant."),
            "invalid_choice": _("One of the chosen participants is not in this track's pool."),
            "invalid_pk_value": _("One of the chosen participants is not in this track's pool."),
        },
    )
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
    # What the confirmation was shown for: a move is made only as it was previewed.
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, track: Track, members: QuerySet[TrackParticipant], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelMultipleChoiceField[Any]", self.fields["members"]).queryset = members
        cast("forms.ModelChoiceField[Any]", self.fields["phase"]).queryset = track.phases.all()

    def clean_members(self) -> list[TrackParticipant]:
        chosen = list(self.cleaned_data["members"])
        if len(chosen) > MAX_MEMBERS:
            raise forms.ValidationError(
                ngettext(
                    "Choose at most %(count)s participant at a time.",
                    "Choose at most %(count)s participants at a time.",
                    MAX_MEMBERS,
                )
                % {"count": MAX_MEMBERS}
            )
        return chosen

    def fingerprint(self) -> str:
        """The choice as the preview showed it: the members, the state, the phase and reason."""
        data = self.cleaned_data
        phase = data.get("phase")
        return choice_fingerprint(
            [m.pk for m in data["members"]],
            data["to_state"],
            phase.pk if phase else None,
            data.get("reason", ""),
        )


def choice_fingerprint(
    member_pks: list[int], to_state: str, phase_pk: int | None, reason: str
) -> str:
    choice = "\n".join(
        [",".join(map(str, sorted(member_pks))), to_state, str(phase_pk or ""), reason]
    )
    return hashlib.sha256(choice.encode()).hexdigest()[:32]
