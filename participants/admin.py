"""Participants are deliberately not in the Django admin.

Administrators support users and reference data; they have no need to read participants' case
files, which secrecy law keeps between AF, the municipality and the participant (see
`participants.access.participants_for`, which gives administrators no participants). Coordinators
and job coaches work with participants in the real UI, where every access is scoped.
"""
