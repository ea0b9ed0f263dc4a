"""A track's schedule: strands that may run in parallel (training, language support, APL,
others), each with a weekly pattern and exceptions, and attendance per session day and member.

Sessions are not stored: they follow from a strand's dates, weekly pattern and exceptions
(schedule/sessions.py), so a changed pattern never leaves stale sessions behind. Attendance is
stored per strand, day and track member, and keeps its history (pghistory).
"""

from __future__ import annotations

from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel
from tracks.models import ResponsibleParty


class StrandKind(models.TextChoices):
    TRAINING = "training", _("Vocational training")
    LANGUAGE = "language", _("Language support")
    APL = "apl", _("Workplace-based learning (APL)")
    OTHER = "other", _("Other")


class LanguageCourse(models.TextChoices):
    SFI = "sfi", _("Swedish for immigrants (sfi)")
    SAS = "sas", _("Swedish as a second language")
    VOCATIONAL_SWEDISH = "vocational_swedish", _("Vocational Swedish (yrkessvenska)")


class Weekday(models.IntegerChoices):
    MONDAY = 0, pgettext_lazy("schedule weekday", "Monday")
    TUESDAY = 1, pgettext_lazy("schedule weekday", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("schedule weekday", "Wednesday")
    THURSDAY = 3, pgettext_lazy("schedule weekday", "Thursday")
    FRIDAY = 4, pgettext_lazy("schedule weekday", "Friday")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Strand(ScopedModel, models.Model):
    """One line of a track's plan that may run beside the others (training Mon–Wed, APL Thu–Fri,
    yrkessvenska on Tuesday afternoons)."""

    track = models.ForeignKey("tracks.Track", on_delete=models.CASCADE, related_name="strands")
    kind = models.CharField(_("kind of strand"), max_length=16, choices=StrandKind.choices)
    language_course = models.CharField(
        _("language course"), max_length=20, choices=LanguageCourse.choices, blank=True
    )
    level = models.CharField(
        _("level"), max_length=40, blank=True, help_text=_("For example sfi D or SAS grund.")
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Required for other strands, e.g. a driving licence course."),
    )
    responsible = models.CharField(
        _("responsible party"), max_length=20, choices=ResponsibleParty.choices
    )
    # The education provider that runs the strand: its users see the strand, its sessions and
    # its members' names, and record their attendance (schedule/access.py).
    provider = models.ForeignKey(
        "employers.EducationProvider",
        verbose_name=_("education provider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strands",
        help_text=_("For a strand an education provider is responsible for."),
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("strand")
        verbose_name_plural = _("strands")
        triggers = [version_trigger()]
        ordering = ["track", "starts_on", "id"]
        indexes = [
            models.Index(fields=["track", "starts_on"], name="strand_track_start"),
            models.Index(fields=["provider", "track"], name="strand_provider_track"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="strand_ends_after_start",
                violation_error_message=_("A strand cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=StrandKind.values), name="strand_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=StrandKind.LANGUAGE) | Q(language_course=""),
                name="strand_language_course_only_for_language",
                violation_error_message=_("Only a language strand has a language course."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=StrandKind.LANGUAGE) | ~Q(language_course=""),
                name="strand_language_has_course",
                violation_error_message=_("Choose the language course."),
            ),
            models.CheckConstraint(
                condition=Q(provider__isnull=True) | Q(responsible=ResponsibleParty.PROVIDER),
                name="strand_provider_only_when_provider_responsible",
                violation_error_message=_(
                    "Only a strand an education provider is responsible for names a provider."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind=StrandKind.OTHER) | ~Q(name=""),
                name="strand_other_has_name",
                violation_error_message=_("Name the strand."),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == StrandKind.OTHER:
            return self.name
        if self.kind == StrandKind.LANGUAGE:
            label = str(self.get_language_course_display())
            return f"{label} {self.level}".strip()
        return self.name or str(self.get_kind_display())


class StrandWeekday(ScopedModel, models.Model):
    """The strand meets on this weekday, from `starts_at` to `ends_at`."""

    strand = models.ForeignKey(Strand, on_delete=models.CASCADE, related_name="weekdays")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("weekday of a strand")
        verbose_name_plural = _("weekdays of a strand")
        ordering = ["strand", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["strand", "weekday"], name="strandweekday_once"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="strandweekday_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=4), name="strandweekday_mon_to_fri"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class ExceptionKind(models.TextChoices):
    CANCELLED = "cancelled", _("Cancelled day")
    EXTRA = "extra", _("Extra day")


class StrandException(ScopedModel, models.Model):
    """A day that departs from the weekly pattern: a session cancelled, or an extra one."""

    strand = models.ForeignKey(Strand, on_delete=models.CASCADE, related_name="exceptions")
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=10, choices=ExceptionKind.choices)
    starts_at = models.TimeField(_("from"), null=True, blank=True)
    ends_at = models.TimeField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("exception to the weekly pattern")
        verbose_name_plural = _("exceptions to the weekly pattern")
        ordering = ["strand", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["strand", "day"],
                name="strandexception_once_a_day",
                violation_error_message=_("This day already has an exception."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ExceptionKind.CANCELLED, starts_at=None, ends_at=None)
                | Q(
                    kind=ExceptionKind.EXTRA,
                    starts_at__isnull=False,
                    ends_at__gt=models.F("starts_at"),
                ),
                name="strandexception_times_fit_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.get_kind_display()}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT_VALID = "absent_valid", _("Absent, valid reason")
    ABSENT_INVALID = "absent_invalid", _("Absent, no valid reason")
    PARTLY = "partly", _("Late or left early")


class AbsenceReason(models.TextChoices):
    SICK = "sick", _("Sick")
    CHILD_CARE = "child_care", _("Care of a child")
    AUTHORITY = "authority", _("Appointment with an authority")
    OTHER = "other", _("Other reason")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Attendance(ScopedModel, models.Model):
    """A track member's attendance at one session day of a strand."""

    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="attendance")
    day = models.DateField(_("day"))
    track_participant = models.ForeignKey(
        "tracks.TrackParticipant", on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=16, choices=AttendanceStatus.choices)
    reason = models.CharField(
        _("reason for absence"), max_length=16, choices=AbsenceReason.choices, blank=True
    )
    hours_missed = models.DecimalField(
        _("hours missed"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # The last change (every version is in the write history).
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["strand", "day", "track_participant"]
        indexes = [
            models.Index(fields=["track_participant", "day"], name="attendance_member_day"),
            # The hourly absence reminder (schedule/absence.py) finds the month's invalid
            # absences without reading every attendance row.
            models.Index(
                fields=["day"],
                condition=Q(status__in=["absent_invalid", "partly"]),
                name="attendance_invalid_day",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["strand", "day", "track_participant"], name="attendance_once_a_session"
            ),
            models.CheckConstraint(
                condition=Q(status=AttendanceStatus.ABSENT_VALID) | Q(reason=""),
                name="attendance_reason_only_for_valid_absence",
            ),
            models.CheckConstraint(
                condition=~Q(status=AttendanceStatus.ABSENT_VALID) | ~Q(reason=""),
                name="attendance_valid_absence_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=AttendanceStatus.PARTLY, hours_missed__gt=0)
                | (~Q(status=AttendanceStatus.PARTLY) & Q(hours_missed=0)),
                name="attendance_hours_only_when_partly",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.get_status_display()}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ProgressEntry(ScopedModel, models.Model):
    """What a track member covered or achieved in an education provider's strand, as the
    provider recorded it: a course module, a language level reached, in a line and free text.
    The provider sees its own organisation's entries; the track's staff read them all."""

    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="progress_entries")
    track_participant = models.ForeignKey(
        "tracks.TrackParticipant", on_delete=models.CASCADE, related_name="provider_progress"
    )
    day = models.DateField(_("day"))
    achieved = models.CharField(
        _("covered or achieved"),
        max_length=200,
        help_text=_("For example a course module done or a language level reached."),
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["track_participant", "-day", "-pk"]
        indexes = [
            models.Index(fields=["track_participant", "day"], name="progressentry_member_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(achieved=""), name="progressentry_achieved_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.achieved}"


class FeedKind(models.TextChoices):
    """What a calendar subscription holds, by its owner's role when it was made."""

    TRACK = "track", _("Every strand of the track")
    APL = "apl", _("The track's APL days")
    PROVIDER = "provider", _("Your organisation's strands in the track")


class CalendarFeed(ScopedModel, models.Model):
    """A calendar subscription: a secret address a calendar program (Outlook, Google, Apple)
    polls for one track's sessions, since it cannot sign in with two-step verification.

    Only SHA-256 of the secret is stored; the address is shown once, to its owner, when made.
    What it returns is decided at every request by its owner's access now (schedule/access.py
    `feed_strands_for`): a deactivated owner, a changed role or a track out of reach gives an
    empty answer (404), as do revocation and the expiry date. A feed names no participant."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    track = models.ForeignKey(
        "tracks.Track", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    kind = models.CharField(_("content"), max_length=16, choices=FeedKind.choices)
    token_prefix = models.CharField(max_length=8, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    expires_on = models.DateField(_("valid until"))
    last_used_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live address per person, track and content: a new one replaces the old.
            models.UniqueConstraint(
                fields=["user", "track", "kind"],
                condition=Q(revoked_at__isnull=True),
                name="calendarfeed_one_live_per_track",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.track_id}"
