"""Who is calling: an API client, by its key in `Authorization: Bearer <key>`."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api.keys import client_for_key
from api.models import ApiClient
from jobbspar.models import User

# How often a client's "last used" time is written (not on every request).
LAST_USED_EVERY = dt.timedelta(minutes=5)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiClient] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the key as “Bearer <key>”."))
        client = client_for_key(header[1])
        if client is None:
            raise exceptions.AuthenticationFailed(_("The API key is not valid."))
        if client.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("The API key has been revoked."))
        if not client.is_usable():
            raise exceptions.AuthenticationFailed(_("The API key has expired."))
        now = timezone.now()
        if client.last_used_at is None or now - client.last_used_at > LAST_USED_EVERY:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        user = client.user
        # The service user is inactive in the database: it never signs in to the web, is offered
        # in no list of people and gets no notifications. For this request, authenticated by
        # the client's key, it acts in its role, so the access functions treat it as one.
        user.is_active = True
        # The write history names the client's service user, organisation, role and client
        # (the history middleware ran before the key was read).
        pghistory.context(
            user=user.pk,
            organisation=user.organisation_id,
            role=user.role,
            api_client=client.pk,
        )
        return user, client

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'
