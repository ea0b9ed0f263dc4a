"""`{% shortage_badge occupation_id partnership_id day %}`: a "shortage occupation" badge when
the occupation is one for the partnership's county or the whole country on `day` (one query)."""

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from employers.shortages import shortage_for

register = template.Library()


@register.inclusion_tag("employers/_shortage_badge.html")
def shortage_badge(
    occupation_id: int, partnership_id: int, day: dt.date | None = None
) -> dict[str, Any]:
    return {
        "shortage": shortage_for(
            occupation_id=occupation_id,
            partnership_id=partnership_id,
            day=day or timezone.localdate(),
        )
    }
