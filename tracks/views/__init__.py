"""Tracks' pages, one module per audience and task: tracks.py (list, create, copy, the track page
and its plan), pool.py (matching and the board), progress.py (a participant's page in a track),
closing.py (the closing questions), followups.py (outcome follow-ups); common.py holds what
several of them share."""

from tracks.views.common import open_tracks_of

__all__ = ["open_tracks_of"]
