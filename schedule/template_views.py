"""Applying a named plan template to a track: its strands and weekly patterns in one step.
Coordinators and the administrator plan; the rules live in schedule/plan_templates.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from schedule.access import SCHEDULE_EDITORS
from schedule.forms import PlanTemplateForm
from schedule.plan_templates import PLAN_TEMPLATES, apply_plan_template
from schedule.strand_views import track_for


@role_required(*SCHEDULE_EDITORS)
def template_apply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = track_for(request, pk)
    form = PlanTemplateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            template = PLAN_TEMPLATES[form.cleaned_data["template"]]
            made = apply_plan_template(track=track, key=template.key)
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(
                request,
                _("The plan template “%(template)s” made %(count)s strands.")
                % {"template": template.name, "count": len(made)},
            )
            return redirect("schedule:track_schedule", pk=track.pk)
    return render(request, "schedule/template_form.html", {"form": form, "track": track})
