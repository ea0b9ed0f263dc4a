"""The measures behind the manager dashboard: aggregates only, computed in the database.

Every figure comes from a fixed set of aggregate queries (conditional aggregates, FILTER) over
the milestone columns of `tracks.TrackParticipant` (selected_on, started_on, completed_on,
offered_on, employed_on, discontinued_on, set by `tracks.workflow.move_participant`), the
`tracks.FollowUp` rows and the tracks' funding, so the number of queries is the same whatever
the filter and however much data there is. Nothing here returns a person.

The definitions (also on the page and in docs/dashboard-measures.md):
- placement rate = participants offered a job ÷ participants who completed the track or were
  offered a job during it (`placement`; each person once)
- hired rate = participants employed (started the job) ÷ the same base
- both split by subsidised / unsubsidised employment, with the 12-month outcome (`subsidy`)
- employed at the N-month follow-up = follow-ups due whose in-time answer says employed (at the
  track's employer or elsewhere) ÷ follow-ups due; an unanswered or late answer is "unknown"
  and stays in the denominator, so it never counts as success
- self-sufficient at 12 months, studying: the same, with self_sufficient = yes / situation =
  studying
- cost per participant = the funding of the tracks in view ÷ participants who started
  training in them; cost per hire = the same funding ÷ participants employed.

The package, by concern: `filters` (what is in view), `suppression` (small numbers and
intervals), `follow_ups`, `breakdowns`, `track_figures` (the one hand-written query) and
`measures` (gather, build, compute: the dashboard itself).
"""

from dashboard.outcomes.breakdowns import BREAKDOWNS, BreakdownRow, breakdown_counts
from dashboard.outcomes.filters import Filters, TargetGroup, members_in_view
from dashboard.outcomes.follow_ups import FOLLOW_UP_MONTHS, FollowUpRow, follow_up_counts
from dashboard.outcomes.measures import (
    MILESTONES,
    REASON_MIN_PEOPLE,
    Dashboard,
    build,
    compute,
    gather,
)
from dashboard.outcomes.suppression import (
    SUPPRESS_BELOW,
    Figure,
    Rate,
    is_small,
    protect_column,
    wilson_interval,
)
from dashboard.outcomes.track_figures import TRACK_FIGURES_SQL, track_counts, track_figures

__all__ = [
    "BREAKDOWNS",
    "FOLLOW_UP_MONTHS",
    "MILESTONES",
    "REASON_MIN_PEOPLE",
    "SUPPRESS_BELOW",
    "TRACK_FIGURES_SQL",
    "BreakdownRow",
    "Dashboard",
    "Figure",
    "Filters",
    "FollowUpRow",
    "Rate",
    "TargetGroup",
    "breakdown_counts",
    "build",
    "compute",
    "follow_up_counts",
    "gather",
    "is_small",
    "members_in_view",
    "protect_column",
    "track_counts",
    "track_figures",
    "wilson_interval",
]
