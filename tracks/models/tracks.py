"""Tracks, their funding and their phases, and the history of a track's status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobbspar.fast_urls import reverse_fast
from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel
from jobbspar.vocabulary import Certificate

MIN_WEEKS = 7
MAX_WEEKS = 27


class TrackStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    RECRUITING = "recruiting", _("Recruiting")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    FOLLOWED_UP = "followed_up", _("Followed up")


# A closed track's plan and pool no longer change (tracks.workflow, tracks.phases).
CLOSED_TRACK_STATUSES = frozenset({TrackStatus.COMPLETED, TrackStatus.FOLLOWED_UP})
# What the steering figures read of a partnership's tracks, carried by its index.
PARTNERSHIP_INCLUDE = ("need", "weeks", "status")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Track(ScopedModel, models.Model):
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        related_name="tracks",
        verbose_name=_("employer"),
    )
    need = models.ForeignKey(
        "employers.RecruitmentNeed",
        on_delete=models.PROTECT,
        related_name="tracks",
        verbose_name=_("recruitment need"),
    )
    # Always the need's partnership (set from it where a track is made: forms, copy, generator).
    partnership = models.ForeignKey(
        "jobbspar.Partnership",
        on_delete=models.PROTECT,
        related_name="tracks",
        verbose_name=_("partnership"),
    )
    profile_version = models.ForeignKey(
        "employers.RequirementProfileVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tracks",
        verbose_name=_("requirement profile version"),
    )
    agreement = models.ForeignKey(
        "employers.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tracks",
        verbose_name=_("agreement"),
    )
    education_provider = models.ForeignKey(
        "employers.EducationProvider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tracks",
        verbose_name=_("education provider"),
    )
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start date"))
    weeks = models.PositiveSmallIntegerField(
        _("length in weeks"),
        validators=[MinValueValidator(MIN_WEEKS), MaxValueValidator(MAX_WEEKS)],
        help_text=_("Between 7 and 27 weeks."),
    )
    planned_participants = models.PositiveSmallIntegerField(_("planned number of participants"))
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_tracks",
        verbose_name=_("coordinators (AF and the municipality)"),
    )
    job_coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coached_tracks",
        verbose_name=_("job coaches"),
    )
    mentors = models.ManyToManyField(
        "employers.ContactPerson",
        blank=True,
        related_name="mentored_tracks",
        verbose_name=_("workplace mentors"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TrackStatus.choices, default=TrackStatus.PLANNING
    )
    selection_deadline = models.DateField(_("employer's selection deadline"), null=True, blank=True)
    blind_selection = models.BooleanField(
        _("blind selection"),
        default=True,
        help_text=_("The employer sees a pseudonym instead of the name until they select."),
    )
    # The schedule's reminder (schedule/absence.py): a participant's absence without a valid
    # reason in a calendar month, in hours, above which the coordinators are told once.
    invalid_absence_limit_hours = models.DecimalField(
        _("reminder at absence without a valid reason (hours a month)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "The coordinators are told when a participant's absence without a valid reason in a "
            "month passes this many hours. Leave it empty for no reminder."
        ),
    )
    # Certificates and licences the track gives: added to the participant's record when they
    # complete it (tracks.earned_certificates), so they count in later matching.
    certificates = ArrayField(
        models.CharField(max_length=32, choices=Certificate.choices),
        verbose_name=_("certificates the track gives"),
        default=list,
        blank=True,
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        triggers = [version_trigger()]
        ordering = ["-start_date", "id"]
        indexes = [
            models.Index(fields=["-start_date", "id"], name="track_start_order"),
            models.Index(fields=["status", "start_date"], name="track_status_start"),
            models.Index(fields=["employer", "start_date"], name="track_employer_start"),
            # A partnership's tracks, and the steering figures' counts of them (status, dates,
            # need: steering/figures.py) from the index alone.
            models.Index(
                fields=["partnership", "-start_date", "id"],
                include=PARTNERSHIP_INCLUDE,
                name="track_partnership_start",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks__gte=MIN_WEEKS, weeks__lte=MAX_WEEKS),
                name="track_weeks_7_to_27",
                violation_error_message=_("A track is between 7 and 27 weeks long."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=TrackStatus.values), name="track_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_participants__gte=1),
                name="track_planned_participants_at_least_one",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_fast("tracks:track_detail", [self.pk])

    @property
    def end_date(self) -> dt.date:
        return self.start_date + dt.timedelta(weeks=self.weeks, days=-1)

    @property
    def certificate_labels(self) -> list[str]:
        """The certificates the track gives, by name, in the vocabulary's order."""
        return [str(label) for value, label in Certificate.choices if value in self.certificates]


def works_on_track(user) -> Q:
    """Tracks the user is a coordinator or job coach of, as a filter on tracks: EXISTS per role,
    so a user with several roles on a track (or a track with several staff) gives one row, not
    one per join row as `Q(coordinators=u) | Q(job_coaches=u)` does."""
    return Q(
        models.Exists(
            Track.coordinators.through.objects.filter(track=models.OuterRef("pk"), user=user)
        )
    ) | Q(
        models.Exists(
            Track.job_coaches.through.objects.filter(track=models.OuterRef("pk"), user=user)
        )
    )


class FundingSourceKind(models.TextChoices):
    JOBBPAKTEN = "jobbpakten", _("Jobbpakten")
    COMMITTEE = "committee", _("Committee")
    EMPLOYMENT_SERVICE = "employment_service", _("Arbetsförmedlingen")
    MUNICIPALITY = "municipality", _("The municipality")
    EU = "eu", _("EU funds")
    OTHER = "other", _("Other")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class FundingSource(ScopedModel, models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSourceKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.PositiveIntegerField(_("amount (SEK)"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["track", "id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount} kr"


class PhaseKind(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction week")
    TRAINING = "training", _("Training with language support")
    APL = "apl", _("Workplace-based learning (APL)")
    HIRING = "hiring", _("Hiring")


class ResponsibleParty(models.TextChoices):
    PROVIDER = "provider", _("Education provider")
    EMPLOYER = "employer", _("Employer")
    EMPLOYMENT_SERVICE = "employment_service", _("Arbetsförmedlingen")
    MUNICIPALITY = "municipality", _("The municipality")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Phase(ScopedModel, models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind of phase"), max_length=16, choices=PhaseKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    responsible = models.CharField(
        _("responsible party"), max_length=20, choices=ResponsibleParty.choices
    )
    place = models.CharField(_("place"), max_length=300, blank=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        triggers = [version_trigger()]
        ordering = ["track", "starts_on", "id"]
        indexes = [models.Index(fields=["track", "starts_on"], name="phase_track_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
                violation_error_message=_("A phase cannot end before it starts."),
            ),
            models.CheckConstraint(condition=Q(kind__in=PhaseKind.values), name="phase_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class TrackStatusChange(ScopedModel, models.Model):
    """History: one row per change of a track's status."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=16, choices=TrackStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=TrackStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["track", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
