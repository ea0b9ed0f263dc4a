"""The manager dashboard: aggregates only (see dashboard.outcomes), filters in the URL."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dashboard import access as dashboard_access
from dashboard import exports
from dashboard.charts import chart_data
from dashboard.forms import DashboardFilterForm
from dashboard.outcomes import BREAKDOWNS
from dashboard.snapshots import dashboard_for
from jobbspar import access
from jobbspar.http import AuthenticatedRequest
from jobbspar.pdf import render_pdf

AGGREGATES_ONLY = (
    "dashboard: counts over the tracks of the user's partnership or the whole country for "
    "dashboard viewers (dashboard.access.DASHBOARD_VIEWERS); no row about a person leaves the "
    "database"
)


# The filters, in the order they are described and name the exported files.
FILTER_FIELDS = (
    "scope",
    "year",
    "start_from",
    "start_to",
    "employer",
    "track",
    "occupation",
    "shortage",
    "nominating_organisation",
    "target_group",
    "gender",
)


View = Callable[..., HttpResponse]


def aggregates_only(view: View) -> View:
    """Run a dashboard view unscoped: it reads aggregates of all tracks, never a person."""

    @functools.wraps(view)
    def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with access.unscoped(AGGREGATES_ONLY):
            return view(request, *args, **kwargs)

    return wrapper


def _filter_summary(form: DashboardFilterForm) -> list[str]:
    """The filters in words, for exports and the report ("All" when none)."""
    summary = []
    for name in FILTER_FIELDS:
        value = form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        field = form.fields[name]
        choices = getattr(field, "choices", None)
        if choices is not None and not hasattr(field, "queryset"):
            value = dict(choices).get(value, value)
        summary.append(f"{field.label}: {value}")
    return summary or [_("none (everything)")]


def _context(request: AuthenticatedRequest, form: DashboardFilterForm) -> dict[str, Any]:
    context: dict[str, Any] = {
        "form": form,
        "query": request.GET.urlencode(),
        "summary_refresh_minutes": settings.DASHBOARD_SUMMARY_REFRESH_MINUTES,
        "summary_max_age_minutes": settings.DASHBOARD_SUMMARY_MAX_AGE_MINUTES,
    }
    if form.is_valid():
        dashboard = dashboard_for(form.filters(), form.breakdown())
        context |= {
            "dashboard": dashboard,
            "breakdown_title": BREAKDOWNS[dashboard.breakdown_by][0],
            "filter_summary": _filter_summary(form),
            "charts": chart_data(dashboard),
        }
    return context


@access.role_required(*dashboard_access.DASHBOARD_VIEWERS)
@aggregates_only
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET, user=request.user)
    context = _context(request, form)
    return render(
        request, "dashboard/dashboard.html", context, status=200 if form.is_valid() else 400
    )


def _invalid(request: AuthenticatedRequest, form: DashboardFilterForm) -> HttpResponse:
    return render(request, "dashboard/dashboard.html", _context(request, form), status=400)


def _filename(form: DashboardFilterForm, extension: str, *, kind: str = "utfall") -> str:
    """Named after the filters, in the order of the form: jobbspar-utfall-2026-malmo-stad.xlsx
    (a file saved from each of several views keeps them apart); "alla" when there are none."""
    scopes = dict(form.scope_choices)  # a partnership's name, not its id
    parts = [
        "bristyrken"
        if name == "shortage"
        else slugify(str(scopes.get(value, value) if name == "scope" else value))
        for name in FILTER_FIELDS
        if (value := form.cleaned_data.get(name)) not in (None, "")
    ]
    return f"jobbspar-{kind}-{'-'.join(parts) or 'alla'}.{extension}"


@access.role_required(*dashboard_access.DASHBOARD_VIEWERS)
@aggregates_only
def export_csv(request: AuthenticatedRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return _invalid(request, form)
    dashboard = dashboard_for(form.filters(), form.breakdown())
    response = HttpResponse(exports.as_csv(dashboard), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(form, "csv")}"'
    return response


@access.role_required(*dashboard_access.DASHBOARD_VIEWERS)
@aggregates_only
def export_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return _invalid(request, form)
    dashboard = dashboard_for(form.filters(), form.breakdown())
    response = HttpResponse(
        exports.kept_xlsx(dashboard, filter_summary=_filter_summary(form)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(form, "xlsx")}"'
    return response


@access.role_required(*dashboard_access.DASHBOARD_VIEWERS)
@aggregates_only
def report(request: AuthenticatedRequest) -> HttpResponse:
    """The steering-group report for the chosen period: a print page (the browser prints it)."""
    form = DashboardFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return _invalid(request, form)
    context = _context(request, form)
    context.pop("charts", None)  # tables only on paper
    return render(request, "dashboard/report_print.html", context)


@access.role_required(*dashboard_access.DASHBOARD_VIEWERS)
@aggregates_only
def report_pdf(request: AuthenticatedRequest) -> HttpResponse:
    """The same report as a PDF (WeasyPrint)."""
    form = DashboardFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return _invalid(request, form)
    context = _context(request, form)
    context.pop("charts", None)
    html = render_to_string("dashboard/report_document.html", context, request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(form, "pdf", kind="rapport")}"'
    )
    return response
