"""What a client may do: each view names the scope it needs for reading and for writing."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import permissions
from rest_framework.request import Request

from api.models import ApiClient


class HasScope(permissions.BasePermission):
    """The view's `read_scope` for safe methods, its `write_scope` for the others."""

    message = ""

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            return False
        needed = view.read_scope if request.method in permissions.SAFE_METHODS else view.write_scope
        if needed is not None and needed in client.scopes:
            return True
        self.message = (
            _("The client's scopes do not include “%(scope)s”.") % {"scope": needed}
            if needed
            else _("This resource cannot be changed through the API.")
        )
        return False
