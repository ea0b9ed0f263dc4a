"""The upload form and the column-mapping form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imports.fields import FIELDS
from imports.models import ImportBatch, ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to import"), choices=ImportKind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, columns separated by ; or ,) or Excel (.xlsx); the first row "
            "names the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )


IGNORE = ""


class MappingForm(forms.Form):
    """One choice per column of the file: the field it fills, or ignore it."""

    def __init__(self, *args, batch: ImportBatch, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [(IGNORE, str(_("Ignore this column")))]
        choices += [
            (field.key, f"{field.label} *" if field.required else str(field.label))
            for field in FIELDS[batch.kind]
        ]
        for index, header in enumerate(batch.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("Column %(n)s") % {"n": index + 1},
                choices=choices,
                required=False,
                initial=batch.mapping.get(str(index), IGNORE),
            )

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if value != IGNORE
        }
