"""Planning meetings with the employer, their calendar invitation and action items."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers import access as employers_access
from employers import meetings as meeting_rules
from employers.forms import ActionItemForm, MeetingForm
from employers.models import PlanningMeeting
from employers.views.lookups import employer_or_404, id_param, meeting_or_404, posted
from jobbspar import access, locking
from jobbspar.access import COORDINATORS_AND_ADMIN, STAFF_AND_ADMIN, role_required


@role_required(*COORDINATORS_AND_ADMIN)
def meeting_create(request, pk: int) -> HttpResponse:
    employer = employer_or_404(request, pk)
    initial = {}
    if id_param(request.GET.get("need", "")):
        initial["need"] = id_param(request.GET["need"])
    form = MeetingForm(
        posted(request),
        employer=employer,
        needs=employers_access.needs_for(request.user),
        providers=employers_access.education_providers_for(request.user),
        partnerships=access.partnerships_for(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.employer = employer
        meeting_rules.save_meeting(meeting=meeting, by=request.user)
        form.save_m2m()
        messages.success(request, _("The meeting was booked."))
        return redirect("employers:meeting_detail", pk=meeting.pk)
    return render(request, "employers/meeting_form.html", {"form": form, "employer": employer})


@role_required(*COORDINATORS_AND_ADMIN)
def meeting_edit(request, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    form = MeetingForm(
        posted(request),
        instance=meeting,
        employer=meeting.employer,
        needs=employers_access.needs_for(request.user),
        providers=employers_access.education_providers_for(request.user),
    )

    def save() -> PlanningMeeting:
        saved = meeting_rules.save_meeting(meeting=form.save(commit=False), by=request.user)
        form.save_m2m()
        return saved

    if request.method == "POST" and form.is_valid() and locking.save_or_conflict(form, save):
        messages.success(request, _("The meeting was saved."))
        return redirect("employers:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "employers/meeting_form.html",
        {"form": form, "employer": meeting.employer, "meeting": meeting},
    )


@role_required(*STAFF_AND_ADMIN)
def meeting_detail(request, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    return render(
        request,
        "employers/meeting_detail.html",
        {
            "meeting": meeting,
            "employer": meeting.employer,
            "contacts": list(meeting.attendee_contacts.all()),
            "users": list(meeting.attendee_users.select_related("organisation")),
            "action_items": list(meeting.action_items.select_related("owner")),
            "action_form": ActionItemForm(employer=meeting.employer),
            "may_edit": employers_access.may_edit_employers(request.user),
        },
    )


@role_required(*STAFF_AND_ADMIN)
def meeting_ics(request, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    response = HttpResponse(
        meeting_rules.meeting_ics(meeting, host=request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="avstamningsmote-{meeting.pk}.ics"'
    return response


@role_required(*COORDINATORS_AND_ADMIN)
def action_item_create(request, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    form = ActionItemForm(posted(request), employer=meeting.employer)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.meeting = meeting
        meeting_rules.add_action_item(item=item)
        messages.success(request, _("The action item was added."))
        return redirect("employers:meeting_detail", pk=meeting.pk)
    return render(request, "employers/action_item_form.html", {"form": form, "meeting": meeting})


@require_POST
@role_required(*COORDINATORS_AND_ADMIN)
def action_item_toggle(request, pk: int) -> HttpResponse:
    item = get_object_or_404(employers_access.action_items_for(request.user), pk=pk)
    meeting_rules.set_action_item_done(item=item, done=request.POST.get("done") == "1")
    messages.success(request, _("The action item was updated."))
    return redirect("employers:meeting_detail", pk=item.meeting_id)
