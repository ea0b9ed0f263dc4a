"""Coordinator and job-coach pages for participants, one module per sub-domain. Thin: every
object comes from participants.access.participants_for, every change goes through a domain
function."""

from participants.views.registration import PENDING_KEY

__all__ = ["PENDING_KEY"]
