"""The project's form renderer: Django's own templates, except that a <select> is written
directly instead of through one template per <option>.

Django renders every option of a select by including `select_option.html` and `attrs.html`,
which takes about 0.1 ms per option. The national lists (2 000 employers, 429 occupations, every
coordinator) made that most of a page's time. The output is the same HTML as Django's templates
(tested against them); every other widget goes through the templates as usual.
"""

from __future__ import annotations

import html

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """Like django/forms/widgets/attrs.html: False is left out, True is a bare attribute."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
    )


def render_select(widget: dict) -> SafeString | None:
    """The select as Django's template writes it, or None for a widget with its own options."""
    parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if any(option.get("template_name") != OPTION_TEMPLATE for option in options):
            return None
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        parts.extend(f"\n  {_option(option)}" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    # Every value and label above is escaped (conditional_escape keeps safe strings as they are).
    return mark_safe("".join(parts))  # noqa: S308


class Select(forms.Select):
    """(Named Select: crispy forms gives a field the CSS class of its widget class name.)
    A single <select> of a long, flat list (ValuesChoiceField: every coordinator, 429
    occupations): written straight from its choices, without the option dicts Django builds
    for the template (and render_select reads back), in a fraction of the time per option.
    The same HTML as render_select and Django's templates (tested against both); anything else
    (groups, another renderer, a subclass with its own template) takes the usual way."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        if self.template_name != SELECT_TEMPLATE or self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        if renderer is not None and not isinstance(renderer, FormRenderer):
            return super().render(name, value, attrs, renderer)
        chosen = self.format_value(value)
        quote = html.escape
        parts = [f'<select name="{quote(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>']
        selected = False
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # an optgroup: Django's own way
                return super().render(name, value, attrs, renderer)
            if option_value is None:
                option_value = ""
            text = str(option_value)
            if not selected and text in chosen:
                selected = True
                parts.append(f'\n  <option value="{quote(text)}" selected>')
            else:
                parts.append(f'\n  <option value="{quote(text)}">')
            # conditional_escape without its per-call wrapping: a plain label is the usual case.
            shown = quote(label) if type(label) is str else conditional_escape(label)  # type: ignore[arg-type]  # a label, groups left above
            parts.append(f"{shown}</option>")
        parts.append("\n</select>")
        # Every value and label above is escaped (conditional_escape keeps safe strings).
        return mark_safe("".join(parts))  # noqa: S308


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None) -> str:
        if template_name == SELECT_TEMPLATE:
            written = render_select(context["widget"])
            if written is not None:
                return written
        return super().render(template_name, context, request=request)
