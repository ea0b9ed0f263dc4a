"""The API key scheme in the OpenAPI schema (drf-spectacular finds this extension by the
authentication class it names; imported in ApiConfig.ready)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "An API client's key."}


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An RFC 9457 problem details object, in the request's language.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}

# What every operation may answer besides its success, and what a write may answer too.
_EVERY_OPERATION = {
    "400": "The request has errors (a field, a malformed body or query).",
    "401": "No valid API key.",
    "403": "The client's scopes or role do not allow this.",
    "404": "Not found, or outside the client's scope (also an invalid page cursor).",
    "406": "The Accept header names no format the API gives.",
    "429": "Over the client's rate limit (see Retry-After).",
}
_WRITES = {
    "409": "The rules refuse it (the reason in the request's language).",
    "415": "The body is not JSON.",
}
_CHANGES = {
    "412": "The record changed after the version sent in If-Match: nothing was saved.",
    "428": "If-Match is missing: GET the record and send its ETag.",
}


def add_problem_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: every operation documents its problem details
    (`application/problem+json`), so that a client (and Schemathesis) knows every answer."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    reference = {"$ref": "#/components/schemas/Problem"}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            documented = _EVERY_OPERATION | (_WRITES if method != "get" else {})
            if method in ("patch", "put"):
                documented |= _CHANGES
            responses = operation.setdefault("responses", {})
            for status, description in documented.items():
                answer = responses.setdefault(status, {"description": description})
                answer["content"] = {"application/problem+json": {"schema": reference}}
    return result
