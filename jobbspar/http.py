"""Types for views: a request whose user has signed in (behind `login_required` or
`role_required`), so `request.user` is our `User` and not `User | AnonymousUser`."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from jobbspar.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # django-htmx's middleware sets it on every request
