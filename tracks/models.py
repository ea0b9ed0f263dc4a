"""Tracks (jobbspår): one employer's need, a 7-27-week chain of phases, and the people in it.

State changes of a track and of a participant in a track go through `tracks.workflow` only.
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from employers.models import EmploymentType
from jobbspar.local_time import format_date
from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel

MIN_WEEKS = 7
MAX_WEEKS = 27


class TrackStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    RECRUITING = "recruiting", _("Recruiting")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    FOLLOWED_UP = "followed_up", _("Followed up")


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
            models.Index(
                fields=["partnership", "-start_date", "id"], name="track_partnership_start"
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
        return reverse("tracks:track_detail", kwargs={"pk": self.pk})

    @property
    def end_date(self) -> dt.date:
        return self.start_date + dt.timedelta(weeks=self.weeks, days=-1)


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


class State(models.TextChoices):
    """The participant's way through a track (see tracks.workflow for the allowed moves)."""

    NOMINATED = "nominated", _("Nominated")
    IN_INTRODUCTION = "in_introduction", _("In introduction week")
    PRESENTED = "presented", _("Presented to the employer")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    IN_TRAINING = "in_training", _("In training")
    IN_APL = "in_apl", _("In APL")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")
    OFFERED = "offered", _("Offered a job")
    EMPLOYED = "employed", _("Employed")
    DECLINED = "declined", _("Declined the offer")
    CONTINUED_SUPPORT = "continued_support", _("Continued support")


# The milestone column set when a participant first reaches a state (see TrackParticipant).
MILESTONE_FIELDS: dict[str, str] = {
    State.SELECTED: "selected_on",
    State.IN_TRAINING: "started_on",
    State.COMPLETED: "completed_on",
    State.OFFERED: "offered_on",
    State.EMPLOYED: "employed_on",
    State.DISCONTINUED: "discontinued_on",
}

# States that are an outcome: the track may close when every participant is in one of them.
FINAL_STATES = frozenset(
    {
        State.NOT_SELECTED,
        State.DISCONTINUED,
        State.EMPLOYED,
        State.DECLINED,
        State.CONTINUED_SUPPORT,
    }
)
ACTIVE_STATES = frozenset(State.values) - FINAL_STATES
REASON_STATES = frozenset({State.NOT_SELECTED, State.DISCONTINUED})
OFFER_STATES = frozenset({State.OFFERED, State.EMPLOYED, State.DECLINED})


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class TrackParticipant(ScopedModel, models.Model):
    """A participant in a track's pool, and their state in it."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="participants")
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="track_memberships"
    )
    candidate_number = models.PositiveSmallIntegerField(
        _("candidate number"), help_text=_("Used as a pseudonym in blind selection.")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.NOMINATED
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominating_organisation = models.ForeignKey(
        "jobbspar.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    nominated_at = models.DateTimeField(_("nominated"), auto_now_add=True)
    motivation = models.TextField(_("motivation"), max_length=2000)
    match_summary = models.CharField(_("match"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    discontinued_phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("discontinued in phase"),
    )
    offer_employment_type = models.CharField(
        _("employment type"), max_length=16, choices=EmploymentType.choices, blank=True
    )
    offer_start_date = models.DateField(_("employment start"), null=True, blank=True)
    offer_hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    offer_employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offering employer"),
    )
    state_changed_at = models.DateTimeField(_("state changed"), auto_now_add=True)
    # Milestones: the day the participant first reached each step, set by
    # tracks.workflow.move_participant and never cleared, so "ever reached" is one column
    # (the current state alone does not tell: continued support may follow completion).
    # The manager dashboard aggregates over them.
    selected_on = models.DateField(_("selected on"), null=True, blank=True, editable=False)
    started_on = models.DateField(_("started training on"), null=True, blank=True, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    offered_on = models.DateField(_("offered a job on"), null=True, blank=True, editable=False)
    employed_on = models.DateField(_("employed on"), null=True, blank=True, editable=False)
    discontinued_on = models.DateField(_("discontinued on"), null=True, blank=True, editable=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("participant in a track")
        verbose_name_plural = _("participants in tracks")
        ordering = ["track", "candidate_number"]
        indexes = [
            models.Index(fields=["track", "state"], name="trackparticipant_state"),
            models.Index(fields=["participant", "state"], name="trackparticipant_person"),
            models.Index(
                fields=["nominating_organisation", "track"], name="trackparticipant_nominator"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "participant"], name="trackparticipant_once_per_track"
            ),
            models.UniqueConstraint(
                fields=["track", "candidate_number"], name="trackparticipant_candidate_number"
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(state__in=sorted(ACTIVE_STATES)),
                name="trackparticipant_one_active_track",
                violation_error_message=_("The participant is already active in another track."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="trackparticipant_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=sorted(REASON_STATES)) | ~Q(reason=""),
                name="trackparticipant_reason_required",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=sorted(OFFER_STATES))
                | (
                    ~Q(offer_employment_type="")
                    & Q(
                        offer_start_date__isnull=False,
                        offer_hours_per_week__isnull=False,
                        offer_employer__isnull=False,
                    )
                ),
                name="trackparticipant_offer_complete",
            ),
            models.CheckConstraint(
                condition=~Q(motivation=""), name="trackparticipant_motivation_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} ({self.get_state_display()})"

    @property
    def pseudonym(self) -> str:
        return _("Candidate %(number)s") % {"number": self.candidate_number}

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES


class Transition(ScopedModel, models.Model):
    """History: one row per change of a participant's state in a track."""

    track_participant = models.ForeignKey(
        TrackParticipant, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    reason = models.TextField(_("reason"), blank=True)
    # Made against the calendar or the phase plan (tracks.workflow.reality_problems), with the
    # reason for the exception in `reason`.
    override = models.BooleanField(_("exception to the move rules"), default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["track_participant", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


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


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PhaseProgress(ScopedModel, models.Model):
    """Per phase and participant: planned and actual dates, attendance and progress notes."""

    track_participant = models.ForeignKey(
        TrackParticipant, on_delete=models.CASCADE, related_name="progress"
    )
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="progress")
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    attendance_percent = models.PositiveSmallIntegerField(
        _("attendance (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    notes = models.TextField(_("progress notes"), blank=True, max_length=5000)
    completed = models.BooleanField(_("phase completed"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("phase progress")
        verbose_name_plural = _("phase progress")
        triggers = [version_trigger()]
        ordering = ["phase__starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["track_participant", "phase"], name="phaseprogress_once"
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=models.F("actual_start")),
                name="phaseprogress_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase}: {self.track_participant}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AplLogEntry(ScopedModel, models.Model):
    """The mentor's weekly note on a participant in APL, with a deviation flag."""

    track_participant = models.ForeignKey(
        TrackParticipant, on_delete=models.CASCADE, related_name="apl_log"
    )
    week_starting = models.DateField(_("week starting"))
    mentor = models.ForeignKey(
        "employers.ContactPerson",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("mentor"),
    )
    note = models.TextField(_("note"), max_length=5000)
    deviation = models.BooleanField(_("deviation"), default=False)
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
        verbose_name = _("APL log entry")
        verbose_name_plural = _("APL log entries")
        ordering = ["track_participant", "week_starting"]
        constraints = [
            models.UniqueConstraint(
                fields=["track_participant", "week_starting"], name="apllog_once_a_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week_starting}: {self.track_participant}"


class FollowUpSituation(models.TextChoices):
    EMPLOYED_AT_TRACK_EMPLOYER = "employed_here", _("Employed at the track's employer")
    EMPLOYED_ELSEWHERE = "employed_elsewhere", _("Employed elsewhere")
    STUDYING = "studying", _("Studying")
    JOB_SEEKER = "job_seeker", _("Job seeker")
    OTHER = "other", _("Other")


EMPLOYED_SITUATIONS = frozenset(
    {FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER, FollowUpSituation.EMPLOYED_ELSEWHERE}
)
# A follow-up records the situation on its due date and must be answered within this many days;
# one answered later, or never, counts as "unknown" - never as a success.
FOLLOW_UP_ANSWER_DAYS = 30


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class FollowUp(ScopedModel, models.Model):
    """An outcome follow-up of one participant, 3, 6 or 12 months after they left a track.

    Scheduled by `tracks.followups.schedule_follow_ups` when the participant completes or
    discontinues; answered by the responsible coordinator with a snapshot of the situation on
    `due_on`.
    """

    track_participant = models.ForeignKey(
        TrackParticipant, on_delete=models.CASCADE, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField(_("months after the track"))
    due_on = models.DateField(_("due"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("responsible coordinator"),
    )
    situation = models.CharField(
        _("situation"), max_length=20, choices=FollowUpSituation.choices, blank=True
    )
    employment_type = models.CharField(
        _("employment type"), max_length=16, choices=EmploymentType.choices, blank=True
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    self_sufficient = models.BooleanField(_("self-sufficient (egen försörjning)"), null=True)
    income_support = models.BooleanField(_("still receiving income support"), null=True)
    not_hired_reason = models.TextField(_("why not hired"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["due_on"], name="followup_open_due", condition=Q(answered_at__isnull=True)
            ),
            models.Index(fields=["responsible", "due_on"], name="followup_responsible"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["track_participant", "months"], name="followup_once_per_interval"
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1) & Q(months__lte=36), name="followup_months_range"
            ),
            models.CheckConstraint(
                condition=Q(situation="") | Q(situation__in=FollowUpSituation.values),
                name="followup_situation_valid",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(situation=""),
                name="followup_answer_has_situation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months} m: {self.track_participant}"

    @property
    def answer_deadline(self) -> dt.date:
        return self.due_on + dt.timedelta(days=FOLLOW_UP_ANSWER_DAYS)

    @property
    def is_known(self) -> bool:
        """Answered in time: only then does the answer count in the figures."""
        return self.answered_at is not None and self.answered_at.date() <= self.answer_deadline


class ClosingRating(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class TrackClosing(ScopedModel, models.Model):
    """The coordinator's closing questions when a track is completed: did the training match the
    need, did each phase work (PhaseReview), and does the employer have a new need (which can be
    created at once as a repeat of the track's need)."""

    track = models.OneToOneField(Track, on_delete=models.CASCADE, related_name="closing")
    training_matched_need = models.CharField(
        _("did the training match the need?"), max_length=8, choices=ClosingRating.choices
    )
    training_comment = models.TextField(_("comment on the training"), blank=True, max_length=2000)
    employer_has_new_need = models.BooleanField(_("does the employer have a new need?"))
    new_need = models.ForeignKey(
        "employers.RecruitmentNeed",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new recruitment need"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("closing questions")
        verbose_name_plural = _("closing questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(training_matched_need__in=ClosingRating.values),
                name="trackclosing_rating_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.track)


class PhaseReview(ScopedModel, models.Model):
    """Closing question per phase: did it work?"""

    closing = models.ForeignKey(
        TrackClosing, on_delete=models.CASCADE, related_name="phase_reviews"
    )
    phase = models.OneToOneField(Phase, on_delete=models.CASCADE, related_name="review")
    worked = models.CharField(_("did the phase work?"), max_length=8, choices=ClosingRating.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("phase review")
        verbose_name_plural = _("phase reviews")
        ordering = ["phase__starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(worked__in=ClosingRating.values), name="phasereview_rating_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase}: {self.worked}"


class Decision(models.TextChoices):
    """The employer's decision on a presented candidate (the portal's selection)."""

    SELECT = "select", _("Select")
    RESERVE = "reserve", _("Reserve")
    DECLINE = "decline", _("Decline")


class DeclineReason(models.TextChoices):
    REQUIREMENTS = "requirements", _("Does not meet a requirement that cannot be trained")
    EXPERIENCE = "experience", _("Other candidates have more relevant experience")
    LANGUAGE = "language", _("Swedish not yet sufficient for the workplace")
    HOURS = "hours", _("Cannot work the hours the job needs")
    FEWER_PLACES = "fewer_places", _("Fewer places than good candidates")
    OTHER = "other", _("Other reason (see the comment)")


class CandidateDecision(ScopedModel, models.Model):
    """The employer's current decision on one presented candidate; changeable until the track's
    selection deadline. Every version is kept in CandidateDecisionChange. The participant's
    state changes only when a coordinator applies the decisions (tracks.decisions)."""

    track_participant = models.OneToOneField(
        TrackParticipant, on_delete=models.CASCADE, related_name="employer_decision"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=DeclineReason.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("employer's decision")
        verbose_name_plural = _("employer's decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values), name="candidatedecision_valid"
            ),
            models.CheckConstraint(
                condition=(Q(decision=Decision.DECLINE) & Q(reason__in=DeclineReason.values))
                | (~Q(decision=Decision.DECLINE) & Q(reason="")),
                name="candidatedecision_reason_iff_declined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.track_participant_id}"


class CandidateDecisionChange(ScopedModel, models.Model):
    """History: one row each time the employer makes or changes a decision."""

    track_participant = models.ForeignKey(
        TrackParticipant, on_delete=models.CASCADE, related_name="decision_changes"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=DeclineReason.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("change of decision")
        verbose_name_plural = _("changes of decisions")
        ordering = ["track_participant", "decided_at", "id"]
        indexes = [
            models.Index(fields=["track_participant", "decided_at"], name="decisionchange_member")
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({format_date(self.decided_at)})"
