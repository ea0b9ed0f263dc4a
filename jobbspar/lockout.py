"""The page django-axes shows a locked-out sign-in: the same whether or not the user exists."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


def lockout_response(request, *args, **kwargs) -> HttpResponse:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
