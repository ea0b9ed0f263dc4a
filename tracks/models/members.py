"""The people in a track: their state in it (tracks.workflow changes it) and its history."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employers.models import EmploymentType
from jobbspar.scoping import ScopedManager, ScopedModel
from tracks.models.tracks import Phase, Track


class State(models.TextChoices):
    """The participant's way through a track (see tracks.workflow for the allowed moves)."""

    NOMINATED = "nominated", _("Nominated")
    IN_INTRODUCTION = "in_introduction", _("In introduction week")
    PRESENTED = "presented", _("Presented to the employer")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    IN_TRAINING = "in_training", _("In training")
    IN_APL = "in_apl", _("In APL")
    # Sick leave, parental leave or another break with a planned return (tracks.pausing): not an
    # outcome, and the way back leads to the state paused from.
    PAUSED = "paused", pgettext_lazy("track state", "Paused")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")
    OFFERED = "offered", _("Offered a job")
    EMPLOYED = "employed", _("Employed")
    DECLINED = "declined", _("Declined the offer")
    OFFER_WITHDRAWN = "offer_withdrawn", _("Offer withdrawn by the employer")
    CONTINUED_SUPPORT = "continued_support", _("Continued support")


# The milestone column set when a participant first reaches a state (see TrackParticipant).
MILESTONE_FIELDS: dict[str, str] = {
    State.SELECTED: "selected_on",
    State.IN_TRAINING: "started_on",
    State.COMPLETED: "completed_on",
    State.OFFERED: "offered_on",
    State.EMPLOYED: "employed_on",
    State.DISCONTINUED: "discontinued_on",
    State.DECLINED: "declined_on",
    State.OFFER_WITHDRAWN: "withdrawn_on",
}

# States that are an outcome: the track may close when every participant is in one of them.
FINAL_STATES = frozenset(
    {
        State.NOT_SELECTED,
        State.DISCONTINUED,
        State.EMPLOYED,
        State.DECLINED,
        State.OFFER_WITHDRAWN,
        State.CONTINUED_SUPPORT,
    }
)
ACTIVE_STATES = frozenset(State.values) - FINAL_STATES
REASON_STATES = frozenset({State.NOT_SELECTED, State.DISCONTINUED, State.OFFER_WITHDRAWN})
# An offer that ended without a job: declined by the participant or withdrawn by the employer.
# The move needs a reason (tracks.workflow); declines recorded before that rule may have none, so
# the database requires it only of withdrawals.
OFFER_ENDED_STATES = frozenset({State.DECLINED, State.OFFER_WITHDRAWN})
OFFER_STATES = frozenset({State.OFFERED, State.EMPLOYED, *OFFER_ENDED_STATES})
# The states a participant may pause from, and return to (the one they paused from).
PAUSABLE_STATES = frozenset({State.IN_TRAINING, State.IN_APL})


class PauseReason(models.TextChoices):
    """Why a participant pauses. Can be health data: never shown to employers (tracks.access)."""

    SICK_LEAVE = "sick_leave", _("Sick leave")
    PARENTAL_LEAVE = "parental_leave", _("Parental leave")
    OTHER = "other", pgettext_lazy("pause reason", "Other reason")


class Subsidy(models.TextChoices):
    """Whether a job is subsidised, and how (the Swedish forms of subsidised employment)."""

    UNSUBSIDISED = "unsubsidised", _("Unsubsidised")
    NYSTARTSJOBB = "nystartsjobb", _("Nystartsjobb")
    INTRODUKTIONSJOBB = "introduktionsjobb", _("Introduktionsjobb")
    WAGE_SUBSIDY = "wage_subsidy", _("Lönestöd or lönebidrag")
    OTHER = "other", _("Another form of subsidised employment")


# The subsidised forms: every choice but "unsubsidised". An empty value means "not recorded"
# (offers and follow-ups recorded before the question was asked); it is in neither group.
SUBSIDISED = frozenset(Subsidy.values) - {Subsidy.UNSUBSIDISED}


# The columns the steering figures count by (steering/figures.py), carried by its index.
HIRED_INCLUDE = ("id", "started_on", "completed_on", "offered_on", "withdrawn_on")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class TrackParticipant(ScopedModel, models.Model):
    """A participant in a track's pool, and their state in it."""

    # No index of its own: those that start with the track serve its lookups
    # (trackparticipant_hired, the unique (track, participant)).
    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, related_name="participants", db_index=False
    )
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
    offer_subsidy = models.CharField(
        _("subsidised employment"), max_length=20, choices=Subsidy.choices, blank=True
    )
    offer_employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offering employer"),
    )
    # While paused (tracks.pausing): the state to return to, why, and the planned return day.
    # Set by tracks.workflow on the way in and cleared on the way out; the history keeps them.
    paused_from = models.CharField(
        _("paused from"), max_length=20, choices=State.choices, blank=True
    )
    pause_reason = models.CharField(
        _("reason for the pause"), max_length=16, choices=PauseReason.choices, blank=True
    )
    pause_planned_return = models.DateField(_("planned return"), null=True, blank=True)
    # The workplace mentor for this participant (tracks.apl_log); empty: the track's mentor.
    mentor = models.ForeignKey(
        "employers.ContactPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_members",
        verbose_name=_("workplace mentor"),
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
    declined_on = models.DateField(
        _("declined the offer on"), null=True, blank=True, editable=False
    )
    withdrawn_on = models.DateField(_("offer withdrawn on"), null=True, blank=True, editable=False)

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
            # A track's members (the foreign key's index), the steering page's hires in a period
            # and its counts per track of a partnership (steering.figures) from the index alone.
            models.Index(
                fields=["track", "employed_on"],
                include=HIRED_INCLUDE,
                name="trackparticipant_hired",
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
            models.CheckConstraint(
                condition=~Q(state=State.PAUSED)
                | (
                    Q(paused_from__in=sorted(PAUSABLE_STATES), pause_planned_return__isnull=False)
                    & Q(pause_reason__in=PauseReason.values)
                ),
                name="trackparticipant_pause_complete",
            ),
            models.CheckConstraint(
                condition=Q(offer_subsidy="") | Q(offer_subsidy__in=Subsidy.values),
                name="trackparticipant_offer_subsidy_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} ({self.get_state_display()})"

    @property
    def pseudonym(self) -> str:
        return _("Candidate %(number)s") % {"number": self.candidate_number}

    @property
    def offer_is_subsidised(self) -> bool | None:
        """True or False once recorded; None for an offer recorded before the question."""
        return None if not self.offer_subsidy else self.offer_subsidy in SUBSIDISED

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
