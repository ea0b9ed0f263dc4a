"""The individual plan's items."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbspar import locking
from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from participants import plan
from participants.forms import PlanItemForm
from participants.models import PlanItem
from participants.views.shared import VIEWERS, form_page, participant_or_404


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def plan_item_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_or_404(request, pk)
    form = PlanItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan.add_plan_item(
                participant=participant,
                kind=data["kind"],
                title=data["title"],
                responsible=data["responsible"],
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
                actual_start=data["actual_start"],
                actual_end=data["actual_end"],
                status=data["status"],
                by=request.user,
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(request, _("The plan item is added."))
            return redirect(participant.get_absolute_url() + "#plan")
    return form_page(
        request,
        form=form,
        participant=participant,
        title=_("Add a plan item"),
        submit=_("Add"),
        cancel=participant.get_absolute_url() + "#plan",
    )


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def plan_item_edit(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    participant = participant_or_404(request, pk)
    item: PlanItem = get_object_or_404(participant.plan_items, pk=item_pk)
    form = PlanItemForm(request.POST or None, instance=item)
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = locking.save_or_conflict(
            form, lambda: plan.save_plan_item(item=form.save(commit=False), by=request.user)
        )
    if saved:
        messages.success(request, _("The plan item is saved."))
        return redirect(participant.get_absolute_url() + "#plan")
    return form_page(
        request,
        form=form,
        participant=participant,
        title=_("Edit plan item"),
        submit=_("Save"),
        cancel=participant.get_absolute_url() + "#plan",
    )
