"""Jobbspår's database backend: Django's PostgreSQL backend with one addition.

SQL written by hand (a cursor's `execute`, `QuerySet.raw`) carries no access filter, so in a web
request it may not touch the tables of Jobbspår's apps unless it runs in a named
`unscoped("why")` block: `jobbspar.scoping.check_hand_written_sql` raises otherwise. SQL that
Django's ORM compiles is told apart by the compilers of this backend (`compiler.py`), which
mark the statement they execute; querysets of the sensitive models are checked for the access
mark when they are compiled (jobbspar/scoping.py).
"""
