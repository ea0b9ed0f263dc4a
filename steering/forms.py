"""Forms of the steering pages. Rules live in steering.group and steering.money; views turn
their ValidationError into form errors (jobbspar.forms.add_validation_error)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobbspar.forms import IsoDateField
from jobbspar.models import User
from steering.models import (
    DECIMAL_PLACES,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_DIGITS,
    Budget,
    Cost,
    DrawDown,
    PlacementTarget,
    SteeringDecision,
    SteeringMeeting,
)
from steering.money import format_kronor
from tracks.models import Track


def _user_label(user: User) -> str:
    name = user.get_full_name() or user.username
    return f"{name}, {user.organisation}" if user.organisation else name


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _user_label(obj)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _user_label(obj)


class KronorField(forms.DecimalField):
    """Kronor as people write them: "12 500,50", "12500.50", "12 500 kr"; exact, two places."""

    default_error_messages = {
        "invalid": _("Enter an amount in kronor, for example 12 500,50."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    # django-stubs derive DecimalField from IntegerField, whose to_python returns an int.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text.lower().endswith("kr"):
            text = text[:-2]
        text = re.sub(r"\s", "", text).replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class MembersForm(forms.Form):
    members = UserMultipleChoiceField(
        label=_("Members of the steering group"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Managers and coordinators of the partnership's two authorities."),
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = candidates


class MeetingForm(forms.ModelForm):
    held_on = IsoDateField(label=_("Date of the meeting"))

    class Meta:
        model = SteeringMeeting
        fields = ["held_on", "agenda", "minutes"]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }


class DecisionForm(forms.ModelForm):
    follow_up_on = IsoDateField(label=_("Follow-up date"), required=False)
    responsible = UserChoiceField(
        label=_("Responsible for the follow-up"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = SteeringDecision
        fields = ["decision", "decided_by", "follow_up_on", "responsible"]
        widgets = {"decision": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates
        if not self.instance.pk:
            self.fields["decided_by"].initial = _("The steering group")


class BudgetForm(forms.ModelForm):
    amount = KronorField(label=_("Amount (SEK)"), min_value=Decimal("0"))

    class Meta:
        model = Budget
        fields = ["source", "year", "amount", "note"]


class DrawDownForm(forms.ModelForm):
    amount = KronorField(label=_("Amount (SEK)"), min_value=Decimal("0.01"))
    drawn_on = IsoDateField(label=_("Date"))

    class Meta:
        model = DrawDown
        fields = ["committee", "amount", "drawn_on", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}


class BudgetAmountForm(forms.ModelForm):
    """A budget's amount and note; its source and year stay, as its draw-downs are dated in it."""

    amount = KronorField(label=_("Amount (SEK)"), min_value=Decimal("0"))

    class Meta:
        model = Budget
        fields = ["amount", "note"]


class DrawDownChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DrawDown) -> str:
        return f"{obj.budget}: {obj.committee}, {obj.drawn_on.isoformat()}, " + format_kronor(
            obj.amount
        )


class TrackChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Track) -> str:
        return f"{obj.name} ({obj.start_date.isoformat()})"


class CostForm(forms.ModelForm):
    draw_down = DrawDownChoiceField(label=_("Draw-down"), queryset=DrawDown.objects.none())
    track = TrackChoiceField(label=_("Track"), queryset=Track.objects.none())
    amount = KronorField(label=_("Amount (SEK)"), min_value=Decimal("0.01"))
    spent_on = IsoDateField(label=_("Date"))

    class Meta:
        model = Cost
        fields = ["draw_down", "track", "kind", "amount", "spent_on", "note"]

    def __init__(
        self,
        *args: Any,
        draw_downs: QuerySet[DrawDown],
        tracks: QuerySet[Track],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        draw_down = self.fields["draw_down"]
        track = self.fields["track"]
        assert isinstance(draw_down, forms.ModelChoiceField)
        assert isinstance(track, forms.ModelChoiceField)
        draw_down.queryset = draw_downs
        track.queryset = tracks


class PlacementTargetForm(forms.ModelForm):
    class Meta:
        model = PlacementTarget
        fields = ["percent"]


class PeriodForm(forms.Form):
    """The period of a steering-group report: from and to, ISO dates, in that order."""

    start = IsoDateField(label=pgettext_lazy("period", "From"))
    end = IsoDateField(label=pgettext_lazy("period", "To"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        for name, day in (("start", start), ("end", end)):
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(
                    name,
                    _("Choose a date from %(first)s to %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
        if start and end and end < start:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return cleaned
