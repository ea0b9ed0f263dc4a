"""Who counts in the placement and hired rates (docs/dashboard-measures.md, "Placement rate").

The base is everyone who completed the track or was offered a job during it (in APL or the
hiring phase, `tracks.workflow.TRANSITIONS`): an offer during the track counts even if the
participant then starts the job instead of completing. Each person is one row with one
`offered_on` (set once), so a person counts once however their offer came.
"""

from __future__ import annotations

from django.db.models import Q

PLACEMENT_BASE = Q(completed_on__isnull=False) | Q(offered_on__isnull=False)
# An offer the employer withdrew is not a placement (one the participant declined still is: the
# job was offered).
PLACED = PLACEMENT_BASE & Q(offered_on__isnull=False, withdrawn_on__isnull=True)
HIRED = PLACEMENT_BASE & Q(employed_on__isnull=False)
