"""Forms of the APL log written at the workplace (tracks.apl_log): the mentor, an entry, a
comment. The portal and the coordinators' pages share them."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employers.models import ContactPerson
from jobbspar.forms import IsoDateField
from tracks.models import AplLogComment, AplLogEntry


class MentorForm(forms.Form):
    mentor = forms.ModelChoiceField(
        label=_("Workplace mentor"), queryset=ContactPerson.objects.none(), required=False
    )

    def __init__(self, *args, choices: QuerySet, default: ContactPerson | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Any]", self.fields["mentor"])
        field.queryset = choices
        field.empty_label = (
            _("The track's mentor (%(name)s)") % {"name": default.name}
            if default is not None
            else _("No mentor yet")
        )
        field.help_text = _(
            "One of the employer's contact persons. A mentor who writes the log in the portal "
            "needs a portal account: the coordinators invite the contact person."
        )


_ENTRY_WIDGETS = {
    "work_done": forms.Textarea(attrs={"rows": 3}),
    "note": forms.Textarea(attrs={"rows": 3}),
    "hours": forms.TextInput(attrs={"inputmode": "decimal"}),
}
_ENTRY_LABELS = {
    "note": pgettext_lazy("apl log", "How it went"),
    "hours": _("Hours at the workplace this week"),
}
_ENTRY_HELP = {
    "deviation": _("Tick if something needs the coordinator's attention."),
    "hours": _("Optional."),
}


class AplEntryForm(forms.ModelForm):
    """A new entry in the portal: one per participant and APL week."""

    week_starting = IsoDateField(label=_("Week starting (Monday)"))

    class Meta:
        model = AplLogEntry
        fields = ["week_starting", "work_done", "note", "hours", "deviation"]
        widgets = _ENTRY_WIDGETS
        labels = _ENTRY_LABELS
        help_texts = _ENTRY_HELP
        localized_fields = ["hours"]  # "7,5" as Swedish is written


class AplCorrectionForm(forms.ModelForm):
    """A correction of an entry; the week stays (an entry is for one week)."""

    class Meta:
        model = AplLogEntry
        fields = ["work_done", "note", "hours", "deviation"]
        widgets = _ENTRY_WIDGETS
        labels = _ENTRY_LABELS
        help_texts = _ENTRY_HELP
        localized_fields = ["hours"]  # "7,5" as Swedish is written


class AplCommentForm(forms.ModelForm):
    class Meta:
        model = AplLogComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": _("Your comment (the employer reads it)")}
