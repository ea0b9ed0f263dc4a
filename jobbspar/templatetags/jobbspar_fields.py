"""`{{ form.field|as_crispy_choice }}`: crispy's `as_crispy_field` for a <select> whose HTML
repeats from page to page (a search form's filters; also an input left empty, or a year), drawn
once per process and then given again (jobbspar.forms.crispy_choice_field says when)."""

from crispy_forms.templatetags import crispy_forms_filters
from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from jobbspar.forms import crispy_choice_field

register = template.Library()


def _draw(field: BoundField) -> SafeString:
    # Looked up when called: crispy's own filter, as the page would call it.
    return crispy_forms_filters.register.filters["as_crispy_field"](field)


@register.filter
def as_crispy_choice(field: BoundField) -> SafeString:
    return crispy_choice_field(field, _draw)
