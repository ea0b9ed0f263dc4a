"""Budgets and draw-downs (avrop): exact kronor, and what remains of each budget.

Amounts are Decimal with two places from the form to the database and back; sums are taken in
the database (numeric), so nothing is rounded on the way. A draw-down never takes a budget below
zero: the budget row is locked while the remaining amount is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.translation import gettext as _

from jobbspar.access import refetch
from jobbspar.models import Partnership, User
from steering.models import DECIMAL_PLACES, MAX_DIGITS, Budget, DrawDown

ZERO = Decimal("0.00")


def format_kronor(amount: Decimal) -> str:
    """An amount as Swedish text, to the öre: "1 234 567,50 kr" (non-breaking spaces)."""
    number = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{number}\xa0kr"


def drawn_sum() -> Coalesce:
    field = DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    return Coalesce(Sum("draw_downs__amount"), Value(ZERO), output_field=field)


@dataclass(frozen=True)
class BudgetLine:
    budget: Budget
    drawn: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget.amount - self.drawn


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


def budget_summary(budgets: QuerySet[Budget], *, year: int) -> BudgetSummary:
    """Budget, drawn and remaining per funding source for `year`, from `budgets` (one
    partnership's, as the access function gave them): one query."""
    rows = budgets.filter(year=year).annotate(drawn=drawn_sum()).order_by("source")
    return BudgetSummary(year=year, lines=[BudgetLine(budget=b, drawn=b.drawn) for b in rows])


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
    """Take back a draw-down recorded by mistake (the write history keeps it)."""
    with transaction.atomic():
        refetch(draw_down.budget).select_for_update().get()
        refetch(draw_down).delete()
