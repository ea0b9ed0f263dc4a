"""Budgets and draw-downs (avrop): exact kronor, and what remains of each budget.

Amounts are Decimal with two places from the form to the database and back; sums are taken in
the database (numeric), so nothing is rounded on the way. A draw-down never takes a budget below
zero: the budget row is locked while the remaining amount is checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.translation import gettext as _

from jobbspar.access import refetch
from jobbspar.models import Partnership, User
from steering.models import DECIMAL_PLACES, MAX_DIGITS, Budget, Cost, DrawDown
from tracks.models import Track

ZERO = Decimal("0.00")


def format_kronor(amount: Decimal) -> str:
    """An amount as Swedish text, to the öre: "1 234 567,50 kr" (non-breaking spaces)."""
    number = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{number}\xa0kr"


def drawn_sum(until: dt.date | None = None) -> Coalesce:
    """What a budget's draw-downs sum to (those dated up to `until`, when given)."""
    field = DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    dated = Q(draw_downs__drawn_on__lte=until) if until else None
    return Coalesce(Sum("draw_downs__amount", filter=dated), Value(ZERO), output_field=field)


def spent_sum(costs: QuerySet[Cost], until: dt.date | None = None) -> Coalesce:
    """What the costs booked against a budget's draw-downs sum to, of `costs` (as the access
    function gave them; those dated up to `until`, when given): a subquery, so the join of the
    drawn sum is not multiplied."""
    field = DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    if until:
        costs = costs.filter(spent_on__lte=until)
    per_budget = (
        costs.filter(draw_down__budget=OuterRef("pk"))
        .order_by()
        .values("draw_down__budget")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(per_budget, output_field=field), Value(ZERO), output_field=field)


@dataclass(frozen=True)
class BudgetLine:
    budget: Budget
    drawn: Decimal
    spent: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        """Budget − drawn down."""
        return self.budget.amount - self.drawn

    @property
    def unspent(self) -> Decimal:
        """Drawn down − spent."""
        return self.drawn - self.spent


@dataclass(frozen=True)
class BudgetSummary:
    year: int
    lines: list[BudgetLine]

    @property
    def budget(self) -> Decimal:
        return sum((line.budget.amount for line in self.lines), ZERO)

    @property
    def drawn(self) -> Decimal:
        return sum((line.drawn for line in self.lines), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.drawn

    @property
    def spent(self) -> Decimal:
        return sum((line.spent for line in self.lines), ZERO)

    @property
    def unspent(self) -> Decimal:
        return self.drawn - self.spent


def budget_rows(budgets: QuerySet[Budget], *, costs: QuerySet[Cost], year: int) -> QuerySet[Budget]:
    """`budgets` of `year` (one partnership's, as the access function gave them) with what was
    drawn and spent of each, by funding source."""
    return (
        budgets.filter(year=year)
        .annotate(drawn=drawn_sum(), spent=spent_sum(costs))
        .order_by("source")
    )


def summary_of(rows: Iterable[Budget], year: int) -> BudgetSummary:
    """The summary of budget rows annotated as `budget_rows` annotates them."""
    return BudgetSummary(
        year=year,
        # The annotations budget_rows adds (django-stubs cannot see them through Iterable).
        lines=[BudgetLine(budget=b, drawn=b.drawn, spent=b.spent) for b in rows],  # type: ignore[attr-defined]
    )


def budget_summary(budgets: QuerySet[Budget], *, costs: QuerySet[Cost], year: int) -> BudgetSummary:
    """Budget, drawn, spent and what remains per funding source for `year`, from `budgets` (one
    partnership's, as the access function gave them): one query."""
    return summary_of(budget_rows(budgets, costs=costs, year=year), year)


def period_budget_summary(
    budgets: QuerySet[Budget], *, costs: QuerySet[Cost], start: dt.date, end: dt.date
) -> BudgetSummary:
    """The budgets of the years a period touches, with what was drawn and spent up to the
    period's end (so "remaining" is what remained then): the steering-group report, one query."""
    rows = (
        budgets.filter(year__gte=start.year, year__lte=end.year)
        .annotate(drawn=drawn_sum(until=end), spent=spent_sum(costs, until=end))
        .order_by("year", "source")
    )
    return BudgetSummary(
        year=end.year, lines=[BudgetLine(budget=b, drawn=b.drawn, spent=b.spent) for b in rows]
    )


def remaining_of(budget: Budget) -> Decimal:
    drawn = budget.draw_downs.aggregate(total=Sum("amount"))["total"] or ZERO
    return budget.amount - drawn


def save_budget(*, budget: Budget, partnership: Partnership) -> Budget:
    """Create or change a budget; its amount may not fall below what is already drawn."""
    budget.partnership = partnership
    budget.full_clean()
    with transaction.atomic():
        if budget.pk is not None:
            refetch(budget).select_for_update().get()
            drawn = budget.draw_downs.aggregate(total=Sum("amount"))["total"] or ZERO
            if budget.amount < drawn:
                raise ValidationError(
                    {
                        "amount": _(
                            "The budget cannot be less than what is already drawn down (%(drawn)s)."
                        )
                        % {"drawn": format_kronor(drawn)}
                    }
                )
        budget.save()
    return budget


def record_draw_down(*, draw_down: DrawDown, budget: Budget, by: User | None) -> DrawDown:
    """Record a committee's draw-down against `budget`: dated in the budget's year, and not more
    than what remains (checked with the budget row locked, so two at once cannot overdraw)."""
    draw_down.budget = budget
    draw_down.recorded_by = by
    draw_down.full_clean()
    if draw_down.drawn_on.year != budget.year:
        raise ValidationError(
            {
                "drawn_on": _("The date must fall in the budget's year, %(year)s.")
                % {"year": budget.year}
            }
        )
    with transaction.atomic():
        locked = refetch(budget).select_for_update().get()
        remaining = remaining_of(locked)
        if draw_down.amount > remaining:
            raise ValidationError(
                {
                    "amount": _(
                        "The draw-down is more than what remains of the budget (%(remaining)s)."
                    )
                    % {"remaining": format_kronor(remaining)}
                }
            )
        draw_down.save()
    return draw_down


def remove_draw_down(*, draw_down: DrawDown) -> None:
    """Take back a draw-down recorded by mistake (the write history keeps it); not while costs
    are booked against it (remove those first)."""
    with transaction.atomic():
        refetch(draw_down.budget).select_for_update().get()
        locked = refetch(draw_down).select_for_update().get()
        if locked.costs.exists():
            raise ValidationError(_("Costs are booked against the draw-down; remove them first."))
        locked.delete()


def spent_of(draw_down: DrawDown) -> Decimal:
    return draw_down.costs.aggregate(total=Sum("amount"))["total"] or ZERO


def record_cost(*, cost: Cost, draw_down: DrawDown, track: Track, by: User | None) -> Cost:
    """Book a cost on a track against a draw-down of the same partnership, dated in the
    draw-down's budget year, and never more than is left of the draw-down (checked with the
    draw-down row locked, so two at once cannot overbook it)."""
    cost.draw_down = draw_down
    cost.track = track
    cost.recorded_by = by
    cost.full_clean()
    budget = draw_down.budget
    if track.partnership_id != budget.partnership_id:
        raise ValidationError({"track": _("The track is not one of the partnership's.")})
    if cost.spent_on.year != budget.year:
        raise ValidationError(
            {
                "spent_on": _("The date must fall in the draw-down's year, %(year)s.")
                % {"year": budget.year}
            }
        )
    with transaction.atomic():
        locked = refetch(draw_down).select_for_update().get()
        left = locked.amount - spent_of(locked)
        if cost.amount > left:
            raise ValidationError(
                {
                    "amount": _("The cost is more than what is left of the draw-down (%(left)s).")
                    % {"left": format_kronor(left)}
                }
            )
        cost.save()
    return cost


def remove_cost(*, cost: Cost) -> None:
    """Take back a cost booked by mistake (the write history keeps it)."""
    with transaction.atomic():
        refetch(cost.draw_down).select_for_update().get()
        refetch(cost).delete()
