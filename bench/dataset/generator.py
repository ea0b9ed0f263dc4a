"""The whole load, family by family, in one transaction."""

from __future__ import annotations

from django.db import connection, transaction

from bench.dataset.needs import Needs
from bench.dataset.notifications import Notifications
from bench.dataset.organisations import Organisations
from bench.dataset.participants import (
    Participants,
    copy_shared_people_again,
    keep_matching_columns_again,
    sum_readers_again,
)
from bench.dataset.planning import Planning
from bench.dataset.steering import Steering
from bench.dataset.tracks import Tracks


class ScaleGenerator(Organisations, Needs, Planning, Participants, Tracks, Steering, Notifications):
    def run(self) -> dict[str, int]:
        with transaction.atomic():
            connection.ensure_connection()
            self.organisations_and_staff()
            tracks = self.plan_tracks()
            self.needs(tracks)
            facts = self.plan_members(tracks)
            self.participants(facts)
            self.tracks(tracks)
            self.steering(tracks)
            self.notifications()
            self.load.finish()
            # The access log was copied with its triggers off: its sums are written once.
            sum_readers_again()
            copy_shared_people_again()
            keep_matching_columns_again()
        self.progress.done()
        return self.load.counts
