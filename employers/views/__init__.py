"""Coordinators' pages for employers, needs, requirement profiles, meetings, agreements and
education providers, one module per sub-domain (employers/urls.py names them).

Views are thin: objects come from the scoped querysets in employers/access.py (another
employer's object is a 404), and every change goes through a domain module.
"""
