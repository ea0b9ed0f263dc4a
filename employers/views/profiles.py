"""A need's requirement profile: its versions, criteria and notes."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers import access as employers_access
from employers import profiles
from employers.access import EMPLOYER_READERS
from employers.forms import CriterionForm, ProfileNotesForm
from employers.models import Criterion
from employers.views.lookups import need_or_404, posted
from jobbspar.access import COORDINATORS_AND_ADMIN, role_required


@role_required(*EMPLOYER_READERS)
def profile_detail(request, pk: int) -> HttpResponse:
    need = need_or_404(request, pk)
    versions = profiles.versions_of(need)
    return render(
        request,
        "employers/profile_detail.html",
        {
            "need": need,
            "employer": need.employer,
            "versions": versions,
            "current": versions[0] if versions else None,
            "diffs": profiles.diffs_between(versions),
            "may_edit": employers_access.may_edit_employers(request.user),
            # Which profile version each track assessed its candidates against.
            "assessments": list(
                need.tracks.select_related("profile_version").order_by("start_date", "id")
            ),
        },
    )


@role_required(*COORDINATORS_AND_ADMIN)
def criterion_create(request, pk: int) -> HttpResponse:
    need = need_or_404(request, pk)
    form = CriterionForm(posted(request), need=need)
    if request.method == "POST" and form.is_valid():
        profiles.add_criterion(need=need, criterion=form.save(commit=False), by=request.user)
        messages.success(request, _("The requirement was added to the profile."))
        return redirect("employers:profile", pk=need.pk)
    kind_fields = json.dumps({str(kind): names for kind, names in Criterion.VALUE_FIELDS.items()})
    return render(
        request,
        "employers/criterion_form.html",
        {"form": form, "need": need, "kind_fields": kind_fields},
    )


@require_POST
@role_required(*COORDINATORS_AND_ADMIN)
def criterion_delete(request, pk: int, criterion_pk: int) -> HttpResponse:
    need = need_or_404(request, pk)
    criterion = get_object_or_404(
        employers_access.criteria_for(request.user), version__need=need, pk=criterion_pk
    )
    profiles.remove_criterion(need=need, criterion=criterion, by=request.user)
    messages.success(request, _("The requirement was removed from the profile."))
    return redirect("employers:profile", pk=need.pk)


@role_required(*COORDINATORS_AND_ADMIN)
def profile_notes(request, pk: int) -> HttpResponse:
    need = need_or_404(request, pk)
    current = profiles.current_version(need)
    form = ProfileNotesForm(posted(request), initial={"notes": current.notes if current else ""})
    if request.method == "POST" and form.is_valid():
        profiles.set_profile_notes(need=need, notes=form.cleaned_data["notes"], by=request.user)
        messages.success(request, _("The profile notes were saved."))
        return redirect("employers:profile", pk=need.pk)
    return render(request, "employers/profile_notes.html", {"form": form, "need": need})
