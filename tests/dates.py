"""Today as the project counts it, read when a test runs.

A date taken when a test module is imported is a day behind once the run passes midnight in
Stockholm (a full run takes twenty minutes; CI once started at 23:45), so tests ask for the
date here, at the moment they need it, in the project's time zone as the code under test does
(``timezone.localdate()``), never ``date.today()`` in the process's zone."""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def this_monday() -> dt.date:
    day = today()
    return day - dt.timedelta(days=day.weekday())
