"""The schedule's links from a track's and a member's pages (its `track_links` contribution)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tracks.models import Track, TrackParticipant


def track_links(track: Track, member: TrackParticipant | None) -> list[tuple[str, str]]:
    if member is None:
        return [(_("Schedule and attendance"), reverse("schedule:track_schedule", args=[track.pk]))]
    return [
        (
            _("Schedule to print"),
            reverse("schedule:member_schedule", args=[track.pk, member.pk]),
        ),
        (
            _("Attendance per month"),
            reverse("schedule:attendance_summary", args=[track.pk, member.pk]),
        ),
        (
            _("Progress from the education provider"),
            reverse("schedule:member_progress", args=[track.pk, member.pk]),
        ),
    ]
