"""`{{ amount|kronor }}`: exact kronor in Swedish form, "1 234 567,50 kr"."""

from decimal import Decimal

from django import template

from steering.money import format_kronor

register = template.Library()


@register.filter
def kronor(amount: Decimal) -> str:
    return format_kronor(amount)
