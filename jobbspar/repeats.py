"""Work that is meant to repeat once per row, said so to the N+1 detector.

The test suite runs django-zeal on every request (jobbspar/settings.py), which reports the same
query made again and again from one place. A few operations repeat on purpose: a bulk move is
one locked, recorded transition per member, a notification one row per recipient. They run in
`once_per_row()`, which silences the detector for that block only; outside the tests (zeal is a
dev dependency) it does nothing.
"""

from __future__ import annotations

import contextlib

try:
    from zeal import zeal_ignore
except ImportError:  # a test dependency, absent in production
    zeal_ignore = None


def once_per_row() -> contextlib.AbstractContextManager[object]:
    return contextlib.nullcontext() if zeal_ignore is None else zeal_ignore()
