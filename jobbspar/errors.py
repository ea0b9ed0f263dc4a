"""Error pages in the user's language: no traces, no settings; 500 carries a reference id."""

import logging
import uuid

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render

logger = logging.getLogger("jobbspar.errors")


def bad_request(request, exception=None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def method_not_allowed(request, allowed: str) -> HttpResponse:
    """Django's 405 has an empty body; ours says what happened, in the user's language."""
    response = render(request, "errors/405.html", status=405)
    response["Allow"] = allowed
    return response


def page_not_found(request, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request) -> HttpResponse:
    reference = uuid.uuid4().hex[:12]
    logger.error("Server error, reference %s, path %s", reference, request.path)
    try:
        return render(request, "errors/500.html", {"reference": reference}, status=500)
    except Exception:
        return HttpResponseServerError(f"Server error. Reference: {reference}")
