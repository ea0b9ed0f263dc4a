"""The steering-group report for a chosen period: a printable page and the same as a PDF
(jobbspar.pdf.render_pdf, tagged PDF/UA with the document's language). Figures from
steering.figures and steering.money, as on the steering page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from jobbspar.access import role_required
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import Partnership
from jobbspar.pdf import render_pdf
from steering import access, figures, money
from steering.forms import PeriodForm
from steering.view_common import VIEWERS, partnership_or_404
from steering.views import steering_figures_for


def _period_form(request: AuthenticatedRequest) -> PeriodForm:
    """The period asked for (?start=…&end=…), or this year when none is asked for."""
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET)
    year = timezone.localdate().year
    return PeriodForm({"start": f"{year}-01-01", "end": f"{year}-12-31"})


def _context(
    request: AuthenticatedRequest, partnership: Partnership, start: dt.date, end: dt.date
) -> dict[str, Any]:
    user = request.user
    return {
        "partnership": partnership,
        "start": start,
        "end": end,
        "query": f"start={start.isoformat()}&end={end.isoformat()}",
        "generated_on": timezone.localdate(),
        "figures": steering_figures_for(request, partnership, figures.Period(start, end)),
        "summary": money.period_budget_summary(
            access.budgets_for(user).filter(partnership=partnership),
            costs=access.costs_for(user),
            start=start,
            end=end,
        ),
        "open_decisions": list(
            access.decisions_for(user)
            .filter(partnership=partnership, done=False)
            .select_related("responsible", "meeting")
        ),
        "may_edit": False,
    }


def _invalid(
    request: AuthenticatedRequest, partnership: Partnership, form: PeriodForm
) -> HttpResponse:
    return render(
        request,
        "steering/report_print.html",
        {"partnership": partnership, "form": form},
        status=400,
    )


@role_required(*VIEWERS)
def report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    form = _period_form(request)
    if not form.is_valid():
        return _invalid(request, partnership, form)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    context = _context(request, partnership, start, end)
    return render(request, "steering/report_print.html", {**context, "form": form})


@role_required(*VIEWERS)
def report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    form = _period_form(request)
    if not form.is_valid():
        return _invalid(request, partnership, form)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    html = render_to_string(
        "steering/report_document.html", _context(request, partnership, start, end), request
    )
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"styrgruppsrapport-{slugify(partnership.name)}-{start.isoformat()}-{end.isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
