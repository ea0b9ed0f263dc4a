"""The project's form renderer: Django's own templates, except that a <select>, an <input> and
a <textarea> are written directly instead of through Django's widget templates.

Django renders every option of a select by including `select_option.html` and `attrs.html`,
which takes about 0.1 ms per option. The national lists (2 000 employers, 429 occupations, every
coordinator) made that most of a page's time. An input goes through three templates (its type's,
`input.html`, `attrs.html`) for one tag: a fifth of the attendance page, with four inputs per
participant (issue 18). The output is the same HTML as Django's templates (tested against them,
byte for byte), and only while the templates Django would use are its own: a template another
app puts in their place, and every other widget, go through the templates as usual.
"""

from __future__ import annotations

import html
from pathlib import Path

import django
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
ATTRS_TEMPLATE = "django/forms/widgets/attrs.html"
INPUT_TEMPLATE = "django/forms/widgets/input.html"


# Django's widget templates that are `input.html` and nothing else, by the widget's type.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in [
        *("input", "checkbox", "color", "date", "datetime", "email", "file", "hidden"),
        *("number", "password", "search", "tel", "text", "time", "url"),
    ]
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
# Where Django keeps them: a template found anywhere else is not written here.
DJANGOS_OWN = Path(django.__file__).parent / "forms" / "templates"


def _text(value: object) -> str:
    """`{{ value|stringformat:'s' }}` in a template: str(value), escaped unless already safe."""
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False is left out, True is a bare attribute."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_input(widget: dict) -> SafeString:
    """django/forms/widgets/input.html, as its template writes it."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    kind, name = conditional_escape(widget["type"]), conditional_escape(widget["name"])
    tag = f'<input type="{kind}" name="{name}"{shown}{_attrs(widget["attrs"])}>'
    return mark_safe(tag)  # noqa: S308  # every value above is escaped, as the template does


def render_textarea(widget: dict) -> SafeString:
    """django/forms/widgets/textarea.html, as its template writes it."""
    value = widget["value"]
    text = conditional_escape(value if isinstance(value, str) else str(value)) if value else ""
    tag = (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{text}</textarea>"
    )
    return mark_safe(tag)  # noqa: S308  # every value above is escaped, as the template does


def _option(option: dict) -> str:
    return (
        f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
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
            # conditional_escape without its per-call wrapping: a plain label is the usual case,
            # and a lazy one (a model's choices) is made a string first, as it does.
            if isinstance(label, Promise):
                label = str(label)
            shown = quote(label) if type(label) is str else conditional_escape(label)  # type: ignore[arg-type]  # a label, groups left above
            parts.append(f"{shown}</option>")
        parts.append("\n</select>")
        # Every value and label above is escaped (conditional_escape keeps safe strings).
        return mark_safe("".join(parts))  # noqa: S308


class FormRenderer(DjangoTemplates):
    def __init__(self) -> None:
        super().__init__()
        self._own: dict[str, bool] = {}

    def djangos_own(self, template_name: str) -> bool:
        """Whether the template this renderer finds under the name is Django's own file."""
        own = self._own.get(template_name)
        if own is None:
            origin = Path(self.get_template(template_name).origin.name)
            own = self._own[template_name] = origin.is_relative_to(DJANGOS_OWN)
        return own

    def render(self, template_name, context, request=None) -> str:
        if template_name == SELECT_TEMPLATE:
            written = render_select(context["widget"])
            if written is not None:
                return written
        elif template_name in INPUT_TEMPLATES and self._all_djangos(template_name, INPUT_TEMPLATE):
            return render_input(context["widget"])
        elif template_name == TEXTAREA_TEMPLATE and self._all_djangos(template_name):
            return render_textarea(context["widget"])
        return super().render(template_name, context, request=request)

    def _all_djangos(self, *names: str) -> bool:
        """Whether these templates and attrs.html, which they include, are Django's own."""
        return all(self.djangos_own(name) for name in (*names, ATTRS_TEMPLATE))
