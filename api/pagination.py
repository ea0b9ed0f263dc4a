"""Pages by cursor, newest first; a `page_size` the API cannot honour is a 400, not ignored."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

_WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")


class ByNewest(CursorPagination):
    ordering = "-id"
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def get_page_size(self, request: Request) -> int:
        given = request.query_params.getlist(self.page_size_query_param)
        if not given:
            return self.page_size
        if (
            len(given) != 1
            or not _WHOLE_NUMBER.fullmatch(given[0])
            or not 1 <= int(given[0]) <= self.max_page_size
        ):
            raise ValidationError(
                {
                    self.page_size_query_param: _("Give one whole number from 1 to %(max)s.")
                    % {"max": self.max_page_size}
                }
            )
        return int(given[0])

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
        return parameters
