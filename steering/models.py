"""The steering group of a partnership and the money it follows.

A partnership's steering group (styrgrupp) is its members (managers and coordinators of the
two authorities), its meetings with agenda and minutes, and a decision log with follow-up
dates. The money: a budget per funding source and year, and draw-downs (avrop) by a named
committee against it. Money is exact kronor (Decimal, two places); nothing is rounded.
No participant data lives here; every queryset still comes from steering/access.py.
"""

from __future__ import annotations

from decimal import Decimal

import pghistory
import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbspar.models import Partnership
from jobbspar.scoping import ScopedManager, ScopedModel
from tracks.models import FundingSourceKind

# Kronor with öre: up to a thousand billion kronor, exact.
MAX_DIGITS = 14
DECIMAL_PLACES = 2
FIRST_YEAR = 2000
LAST_YEAR = 2100


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class SteeringMember(ScopedModel, models.Model):
    """A member of a partnership's steering group (steering.group.set_members checks who)."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="steering_members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="steering_memberships",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("steering group member")
        verbose_name_plural = _("steering group members")
        ordering = ["partnership", "user__last_name", "user__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "user"], name="steering_member_once_per_partnership"
            )
        ]

    def __str__(self) -> str:
        # No related object here: the admin lists members by the hundred (deleting a partnership).
        return _("steering group member %(user)s") % {"user": self.user_id}


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class SteeringMeeting(ScopedModel, models.Model):
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="steering_meetings",
    )
    held_on = models.DateField(_("date of the meeting"))
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("steering group meeting")
        verbose_name_plural = _("steering group meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["partnership", "-held_on"])]

    def __str__(self) -> str:
        return _("steering group meeting %(day)s") % {"day": self.held_on.isoformat()}


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class SteeringDecision(ScopedModel, models.Model):
    """One entry in the decision log: what was decided, by whom, at which meeting, and who
    follows it up by when."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="steering_decisions",
    )
    meeting = models.ForeignKey(
        SteeringMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    decision = models.TextField(_("decision"))
    decided_by = models.CharField(_("decided by"), max_length=200)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steering_decisions",
    )
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("steering group decision")
        verbose_name_plural = _("steering group decisions")
        ordering = ["done", "follow_up_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(follow_up_on__isnull=True) | models.Q(responsible__isnull=False),
                name="steering_decision_follow_up_has_responsible",
                violation_error_message=_("A decision with a follow-up date needs a responsible."),
            ),
            models.CheckConstraint(
                condition=models.Q(done=False) | models.Q(done_on__isnull=False),
                name="steering_decision_done_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["follow_up_on"],
                name="steering_decision_open_due",
                condition=models.Q(done=False),
            )
        ]

    def __str__(self) -> str:
        return self.decision[:80]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Budget(ScopedModel, models.Model):
    """What a funding source gives a partnership in a year."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="budgets",
    )
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSourceKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    amount = models.DecimalField(
        _("amount (SEK)"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "source", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "source", "year"],
                name="budget_once_per_source_and_year",
                violation_error_message=_(
                    "This funding source already has a budget for that year."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=Decimal("0")),
                name="budget_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class DrawDown(ScopedModel, models.Model):
    """An avrop: a committee draws an amount from a budget, on a date, for a purpose."""

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="draw_downs"
    )
    committee = models.CharField(
        _("committee"),
        max_length=200,
        help_text=_("For example the labour-market and social services committee."),
    )
    amount = models.DecimalField(
        _("amount (SEK)"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES
    )
    drawn_on = models.DateField(_("date"))
    purpose = models.TextField(_("purpose"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("draw-down")
        verbose_name_plural = _("draw-downs")
        ordering = ["-drawn_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=Decimal("0")),
                name="draw_down_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee}: {self.amount} kr"


class CostKind(models.TextChoices):
    PROVIDER_INVOICE = "provider_invoice", _("Provider invoice")
    LANGUAGE_SUPPORT = "language_support", _("Language support")
    MENTOR_COMPENSATION = "mentor_compensation", _("Mentor compensation")
    OTHER = "other", _("Other")


def costs_generation_bumped() -> pgtrigger.Trigger:
    """On Cost: every insert, update and delete counts one more change of the costs of the
    partnership whose draw-down it is booked on (before and after an update; CostsGeneration),
    in the writing transaction: figures kept from before it are not shown again (steering.kept)."""
    partnership_of = """
        SELECT b.partnership_id FROM steering_drawdown d
        JOIN steering_budget b ON b.id = d.budget_id WHERE d.id = {draw_down}
    """
    return pgtrigger.Trigger(
        name="costs_generation_bumped",
        when=pgtrigger.After,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=f"""
            INSERT INTO steering_costsgeneration (partnership_id, generation)
            SELECT DISTINCT partnership_id, 1 FROM (
                {partnership_of.format(draw_down="NEW.draw_down_id")}
                UNION ALL {partnership_of.format(draw_down="OLD.draw_down_id")}
            ) changed
            ON CONFLICT (partnership_id)
            DO UPDATE SET generation = steering_costsgeneration.generation + 1;
            RETURN NULL;
        """,  # noqa: S608 - names from this module only
    )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Cost(ScopedModel, models.Model):
    """Money spent on a track of the partnership, booked against one of its draw-downs
    (steering.money.record_cost checks the track, the date and what is left of the draw-down)."""

    draw_down = models.ForeignKey(
        DrawDown, verbose_name=_("draw-down"), on_delete=models.PROTECT, related_name="costs"
    )
    track = models.ForeignKey(
        "tracks.Track",
        verbose_name=_("track"),
        on_delete=models.PROTECT,
        related_name="steering_costs",
    )
    kind = models.CharField(_("kind of cost"), max_length=30, choices=CostKind.choices)
    amount = models.DecimalField(
        _("amount (SEK)"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES
    )
    spent_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        ordering = ["-spent_on", "-id"]
        triggers = [costs_generation_bumped()]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=Decimal("0")),
                name="cost_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} kr"


DEFAULT_PLACEMENT_TARGET = 80


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PlacementTarget(ScopedModel, models.Model):
    """The placement rate a partnership's steering group aims at, in per cent (80 % when the
    group has set none: the figure the partnership's article names)."""

    partnership = models.OneToOneField(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="placement_target",
    )
    percent = models.PositiveSmallIntegerField(
        _("target for the placement rate (%)"),
        default=DEFAULT_PLACEMENT_TARGET,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Participants offered a job, of those who completed the track, in per cent."),
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("placement target")
        verbose_name_plural = _("placement targets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__gte=1, percent__lte=100),
                name="placement_target_percent_1_to_100",
                violation_error_message=_("The target is a per cent from 1 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.percent} %"


class CostsGeneration(ScopedModel, models.Model):
    """How many times a cost of the partnership has been booked, changed or removed: counted by
    the database (Cost's trigger), in the writing transaction. Kept figures carry the number
    they were computed under and are shown only while it is still the partnership's
    (steering.kept)."""

    partnership = models.OneToOneField(
        Partnership, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    generation = models.BigIntegerField()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("count of cost changes")
        verbose_name_plural = _("counts of cost changes")

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.generation}"


class FiguresSnapshot(ScopedModel, models.Model):
    """The steering page's figures of a partnership for a period (steering.figures), as the
    counts they are made of, kept for a few minutes (steering.kept): aggregates only, never a
    row about a person. Read only with the partnership, under steering.access; written by
    steering.kept, with the partnership's CostsGeneration it was computed under."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    start = models.DateField()
    end = models.DateField()
    counts = models.JSONField()
    generation = models.BigIntegerField()
    computed_at = models.DateTimeField()
    last_viewed_at = models.DateTimeField(db_index=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("steering figures summary")
        verbose_name_plural = _("steering figures summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "start", "end"], name="figures_snapshot_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id} {self.start}–{self.end}"
