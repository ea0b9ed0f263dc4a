"""Canary and IDOR probes over every URL pattern.

Canary: a participant with a known personnummer who receives income support. An employer user
and a manager crawl every page they can reach (every URL pattern with the world's objects, then
every link on the pages they get), exports and PDFs included, and every e-mail sent: the
personnummer (in any written form) and the income-support wording never appear - not in pages,
URLs, e-mails or logs.

IDOR: every URL that takes an id, requested with the objects of another employer / another
organisation / a participant without consent (and another organisation's access request, a
member of a track the user does not work on), is refused (never 2xx) for every role.

The canary and its crawler are in canary.py, the objects for the IDOR probe in foreign.py.
"""
