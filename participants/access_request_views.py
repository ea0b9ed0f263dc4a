"""The old import path of the access-request pages (now participants.views.access_requests),
kept while tracks' pool page imports `submit_access_request` from here."""

from participants.views.access_requests import submit_access_request

__all__ = ["submit_access_request"]
