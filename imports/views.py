"""The coordinator's import pages: upload, column mapping, preview and commit, templates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from imports import batches
from imports.access import IMPORTERS, batches_for
from imports.fields import FIELDS
from imports.forms import MappingForm, UploadForm
from imports.models import ImportBatch, ImportKind
from imports.outcomes import Outcome
from imports.template_files import template_csv, template_xlsx
from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from jobbspar.tables import MAX_BYTES, MAX_ROWS, FileRefused

# The preview lists at most this many rows of one outcome at a time (the counts cover all).
SHOWN_ROWS = 1000


def _batch_or_404(request: AuthenticatedRequest, pk: int) -> ImportBatch:
    batch = batches.batch_for(by=request.user, pk=pk)
    if batch is None:
        raise Http404
    return batch


@role_required(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def start(request: AuthenticatedRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = batches.create_batch(
                by=request.user,
                kind=form.cleaned_data["kind"],
                name=upload.name or "",
                data=upload.read(MAX_BYTES + 1),
            )
        except FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            return redirect("imports:mapping", pk=batch.pk)
    return render(
        request,
        "imports/start.html",
        {
            "form": form,
            "batches": batches_for(request.user)
            .only("pk", "kind", "file_name", "created_at")
            .order_by("-created_at", "-pk")[:20],
            "kinds": [(kind, label, FIELDS[kind]) for kind, label in ImportKind.choices],
            "max_rows": MAX_ROWS,
            "max_mb": MAX_BYTES // (1024 * 1024),
        },
    )


@role_required(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def mapping(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    form = MappingForm(request.POST or None, batch=batch)
    if request.method == "POST" and form.is_valid():
        try:
            batches.set_mapping(batch=batch, mapping=form.mapping())
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            return redirect("imports:preview", pk=batch.pk)
    samples = batch.rows[:3]
    columns = [
        (form[f"column_{index}"], [row[index] for row in samples if index < len(row)])
        for index in range(len(batch.headers))
    ]
    return render(
        request, "imports/mapping.html", {"batch": batch, "form": form, "columns": columns}
    )


@role_required(*IMPORTERS)
@require_GET
def preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    result = batches.preview(batch=batch, by=request.user)
    shown_outcome = request.GET.get("outcome", "")
    rows = result.rows
    if shown_outcome in Outcome.values:
        rows = [row for row in rows if row.outcome == shown_outcome]
    return render(
        request,
        "imports/preview.html",
        {
            "batch": batch,
            "preview": result,
            "rows": rows[:SHOWN_ROWS],
            "more": max(0, len(rows) - SHOWN_ROWS),
            "counts": result.counts(),
            "summary": [(value, label, result.counts()[value]) for value, label in Outcome.choices],
            "shown_outcome": shown_outcome,
        },
    )


@require_POST
@role_required(*IMPORTERS)
def commit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    try:
        done = batches.commit(
            batch=batch, by=request.user, expected=request.POST.get("fingerprint", "")
        )
    except batches.PreviewOutdated:
        messages.error(
            request,
            _(
                "The records changed after the preview, so nothing was imported. Check the new "
                "preview and import again."
            ),
        )
        return redirect("imports:preview", pk=pk)
    counts = done.counts()
    messages.success(
        request,
        _(
            "The import is done: %(new)s new, %(update)s changed, %(asked)s access requests sent, "
            "%(same)s without change, %(error)s rows with errors left out."
        )
        % {
            "new": counts[Outcome.NEW],
            "update": counts[Outcome.UPDATE],
            "asked": counts[Outcome.ACCESS_REQUEST],
            "same": counts[Outcome.UNCHANGED] + counts[Outcome.DUPLICATE],
            "error": counts[Outcome.ERROR],
        },
    )
    return redirect("imports:start")


@require_POST
@role_required(*IMPORTERS)
def cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batches.cancel(batch=_batch_or_404(request, pk))
    messages.success(request, _("The uploaded file is removed; nothing was imported."))
    return redirect("imports:start")


@role_required(*IMPORTERS)
@require_GET
def template(request: AuthenticatedRequest, kind: str, extension: str) -> HttpResponse:
    if kind not in ImportKind.values or extension not in ("csv", "xlsx"):
        raise Http404
    if extension == "csv":
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            template_xlsx(kind),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    name = {"participants": "deltagare", "employers": "arbetsgivare"}[kind]
    response["Content-Disposition"] = f'attachment; filename="mall-{name}.{extension}"'
    return response
