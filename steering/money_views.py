"""The steering group's money pages: budgets and their draw-downs, and the costs booked on
tracks. Thin: the rules are in steering.money, who sees what in steering.access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from steering import access, figures, money
from steering.forms import (
    BudgetAmountForm,
    BudgetForm,
    CostForm,
    DrawDownForm,
)
from steering.models import Budget
from steering.view_common import (
    VIEWERS,
    budget_or_404,
    check_may_edit,
    partnership_or_404,
    posted,
    year_asked,
)


@role_required(*VIEWERS)
def budget_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    check_may_edit(request, partnership)
    form = BudgetForm(
        posted(request),
        instance=Budget(partnership=partnership),
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            budget = money.save_budget(budget=form.save(commit=False), partnership=partnership)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The budget was saved."))
            return redirect("steering:budget_detail", pk=budget.pk)
    return render(request, "steering/budget_form.html", {"form": form, "partnership": partnership})


@role_required(*VIEWERS)
def budget_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    budget = budget_or_404(request, pk)
    check_may_edit(request, budget.partnership)
    form = BudgetAmountForm(posted(request), instance=budget)
    if request.method == "POST" and form.is_valid():
        try:
            money.save_budget(budget=form.save(commit=False), partnership=budget.partnership)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The budget was saved."))
            return redirect("steering:budget_detail", pk=budget.pk)
    return render(
        request,
        "steering/budget_form.html",
        {"form": form, "partnership": budget.partnership, "budget": budget},
    )


@require_POST
@role_required(*VIEWERS)
def draw_down_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    draw_down = get_object_or_404(
        access.draw_downs_for(request.user).select_related("budget__partnership"), pk=pk
    )
    check_may_edit(request, draw_down.budget.partnership)
    try:
        money.remove_draw_down(draw_down=draw_down)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The draw-down was removed."))
    return redirect("steering:budget_detail", pk=draw_down.budget_id)


@role_required(*VIEWERS)
def budget_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    budget = budget_or_404(request, pk)
    line = money.budget_summary(
        access.budgets_for(request.user).filter(pk=budget.pk),
        costs=access.costs_for(request.user),
        year=budget.year,
    ).lines[0]
    return render(
        request,
        "steering/budget_detail.html",
        {
            "budget": budget,
            "line": line,
            "partnership": budget.partnership,
            "draw_downs": list(budget.draw_downs.select_related("recorded_by")),
            "may_edit": access.may_edit_steering(request.user, budget.partnership),
        },
    )


@role_required(*VIEWERS)
def draw_down_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    budget = budget_or_404(request, pk)
    check_may_edit(request, budget.partnership)
    form = DrawDownForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            money.record_draw_down(
                draw_down=form.save(commit=False), budget=budget, by=request.user
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The draw-down was recorded."))
            page = reverse("steering:page", args=[budget.partnership_id])
            return redirect(f"{page}?year={budget.year}")
    return render(
        request,
        "steering/draw_down_form.html",
        {
            "form": form,
            "budget": budget,
            "partnership": budget.partnership,
            "remaining": money.remaining_of(budget),
        },
    )


@role_required(*VIEWERS)
def costs(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A partnership's costs in a year (by the cost's date), newest first, with their sum."""
    partnership = partnership_or_404(request, pk)
    year = year_asked(request)
    period = figures.Period.year(year)
    # The year's first and last day (what `spent_on__year` would compute, as bound values the
    # statement cache keeps: Django works a year lookup's dates out of the year while compiling).
    rows = list(
        access.costs_for(request.user)
        .filter(
            draw_down__budget__partnership=partnership,
            spent_on__gte=period.start,
            spent_on__lte=period.end,
        )
        .select_related("track", "draw_down__budget")
    )
    return render(
        request,
        "steering/cost_list.html",
        {
            "partnership": partnership,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "costs": rows,
            "total": sum((cost.amount for cost in rows), money.ZERO),
            "may_edit": access.may_edit_steering(request.user, partnership),
        },
    )


@role_required(*VIEWERS)
def cost_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    check_may_edit(request, partnership)
    form = CostForm(
        posted(request),
        draw_downs=access.draw_downs_for(request.user)
        .filter(budget__partnership=partnership)
        .select_related("budget"),
        tracks=access.tracks_to_book_on(partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            cost = money.record_cost(
                cost=form.save(commit=False),
                draw_down=form.cleaned_data["draw_down"],
                track=form.cleaned_data["track"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The cost was recorded."))
            listing = reverse("steering:costs", args=[partnership.pk])
            return redirect(f"{listing}?year={cost.spent_on.year}")
    return render(request, "steering/cost_form.html", {"form": form, "partnership": partnership})


@require_POST
@role_required(*VIEWERS)
def cost_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cost = get_object_or_404(
        access.costs_for(request.user).select_related("draw_down__budget__partnership"), pk=pk
    )
    partnership = cost.draw_down.budget.partnership
    check_may_edit(request, partnership)
    money.remove_cost(cost=cost)
    messages.success(request, _("The cost was removed."))
    listing = reverse("steering:costs", args=[partnership.pk])
    return redirect(f"{listing}?year={cost.spent_on.year}")
