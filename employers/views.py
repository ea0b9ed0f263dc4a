"""Coordinators' pages for employers, needs, requirement profiles, meetings and agreements.

Views are thin: objects come from the scoped querysets in employers/access.py (another
employer's object is a 404), and every change goes through a domain module.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers import access as employers_access
from employers import agreements as agreement_rules
from employers import meetings as meeting_rules
from employers import needs as need_rules
from employers import profiles, registry
from employers.access import EMPLOYER_READERS
from employers.forms import (
    ActionItemForm,
    AgreementForm,
    ConfirmAgreementForm,
    ContactForm,
    CriterionForm,
    EmployerForm,
    EmployerSearchForm,
    MeetingForm,
    NeedForm,
    ProfileNotesForm,
    ProviderContactForm,
    ProviderForm,
    RepeatNeedForm,
)
from employers.models import (
    Agreement,
    Criterion,
    Employer,
    NeedStatus,
    PlanningMeeting,
    RecruitmentNeed,
)
from jobbspar import access, locking
from jobbspar.access import COORDINATORS_AND_ADMIN, STAFF_AND_ADMIN, role_required
from jobbspar.models import Role

OPEN_NEED_STATUSES = [NeedStatus.NEW, NeedStatus.PLANNING, NeedStatus.TRACK_RUNNING]
PAGE_SIZE = 25


def _employer(request, pk: int) -> Employer:
    return get_object_or_404(employers_access.employers_for(request.user), pk=pk)


def _need(request, pk: int) -> RecruitmentNeed:
    return get_object_or_404(
        employers_access.needs_for(request.user).select_related(
            "employer", "occupation", "repeats"
        ),
        pk=pk,
    )


def _meeting(request, pk: int) -> PlanningMeeting:
    return get_object_or_404(
        employers_access.meetings_for(request.user).select_related(
            "employer", "need__occupation", "education_provider"
        ),
        pk=pk,
    )


def _agreement(request, pk: int) -> Agreement:
    return get_object_or_404(
        employers_access.agreements_for(request.user).select_related(
            "need__employer", "need__occupation"
        ),
        pk=pk,
    )


def _id_param(value: str) -> int | None:
    """An id from the query string, or None for anything that is not a plain small number."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


def _text_param(value: str) -> str:
    """Free text from the query string: trimmed, bounded, without NUL (PostgreSQL refuses it)."""
    return value.replace("\x00", "").strip()[:100]


def _posted(request):
    """The submitted data for a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    """Show a domain function's ValidationError at the fields it names (or the whole form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Employers -----------------------------------------------------------------------------


@role_required(*STAFF_AND_ADMIN)
def employer_list(request):
    form = EmployerSearchForm(request.GET or None)
    # A correlated count, not JOIN + GROUP BY: the list's count reads only employers, and the
    # database counts the open needs of the 25 rows shown (unless sorted or filtered by them);
    # the needs of the user's partnerships (employers are shared, their needs are not).
    open_needs = (
        employers_access.needs_for(request.user)
        .filter(employer=OuterRef("pk"), status__in=OPEN_NEED_STATUSES)
        .order_by()
        .values("employer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    employers = employers_access.employers_for(request.user).annotate(
        open_needs=Coalesce(Subquery(open_needs), 0)
    )
    sort = "name"
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            digits = query.replace("-", "").replace(" ", "")
            match = Q(name__icontains=query)
            if digits.isdigit() and digits.isascii():
                number = f"{digits[:6]}-{digits[6:]}" if len(digits) > 6 else digits
                match |= Q(organisation_number__startswith=number)
            employers = employers.filter(match)
        if form.cleaned_data["sector"]:
            employers = employers.filter(sector=form.cleaned_data["sector"])
        if form.cleaned_data["has_open_needs"]:
            employers = employers.filter(open_needs__gt=0)
        sort = form.cleaned_data["sort"] or "name"
    employers = employers.order_by(EmployerSearchForm.SORTS[sort][0], "id")
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "employers/employer_list.html",
        {
            "form": form,
            "page": page,
            "employers": page.object_list,
            "querystring": params.urlencode(),
            "may_edit": employers_access.may_edit_employers(request.user),
        },
    )


@role_required(*COORDINATORS_AND_ADMIN)
def employer_create(request):
    form = EmployerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            employer = registry.save_employer(employer=form.save(commit=False), by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The employer was registered."))
            return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/employer_form.html", {"form": form})


@role_required(*COORDINATORS_AND_ADMIN)
def employer_edit(request, pk: int):
    employer = _employer(request, pk)
    form = EmployerForm(_posted(request), instance=employer)
    if request.method == "POST" and form.is_valid():
        try:
            saved = locking.save_or_conflict(
                form,
                lambda: registry.save_employer(employer=form.save(commit=False), by=request.user),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if saved:
                messages.success(request, _("The employer was saved."))
                return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/employer_form.html", {"form": form, "employer": employer})


@role_required(*EMPLOYER_READERS)
def employer_detail(request, pk: int):
    employer = _employer(request, pk)
    # Upward, as before through jobbspar.access: the page lists the employer's tracks and offers
    # the portal invitation (a registration point of the upper apps would remove this).
    from portal import access as portal_access
    from tracks import access as tracks_access

    is_employer_user = request.user.role == Role.EMPLOYER
    # Only the user's partnerships' needs, meetings and tracks (employers are shared by all).
    needs = list(
        employers_access.needs_for(request.user)
        .filter(employer=employer)
        .select_related("occupation")
        .prefetch_related(Prefetch("agreements", queryset=Agreement.objects.order_by("-number")))
        .order_by("-wanted_start", "-id")
    )
    context = {
        "employer": employer,
        "contacts": list(employer.contacts.all()),
        "needs": needs,
        "is_employer_user": is_employer_user,
        "may_edit": employers_access.may_edit_employers(request.user),
        "may_invite": access.has_role(request.user, portal_access.PORTAL_INVITERS),
    }
    if not is_employer_user:
        context["meetings"] = list(
            employers_access.meetings_for(request.user)
            .filter(employer=employer)
            .select_related("need__occupation")
            .order_by("-starts_at")[:20]
        )
        context["changes"] = list(employer.changes.select_related("by")[:30])
        # The employer's tracks (tracks.Track through tracks.access, imported here only).
        context["tracks"] = list(
            tracks_access.tracks_for(request.user)
            .filter(employer=employer)
            .select_related("need__occupation")
            .order_by("-start_date")[:20]
        )
    return render(request, "employers/employer_detail.html", context)


@role_required(*COORDINATORS_AND_ADMIN)
def contact_create(request, pk: int):
    employer = _employer(request, pk)
    form = ContactForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.employer = employer
        registry.add_contact(contact=contact, by=request.user)
        messages.success(request, _("The contact was added."))
        return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/contact_form.html", {"form": form, "employer": employer})


@require_POST
@role_required(*COORDINATORS_AND_ADMIN)
def contact_delete(request, pk: int, contact_pk: int):
    employer = _employer(request, pk)
    contact = get_object_or_404(employer.contacts, pk=contact_pk)
    registry.remove_contact(contact=contact, by=request.user)
    messages.success(request, _("The contact was removed."))
    return redirect("employers:detail", pk=employer.pk)


# --- Recruitment needs -----------------------------------------------------------------------


def _occupation_options(request, form: NeedForm):
    """htmx: just the narrowed <option>s of the occupation select (and the match count)."""
    selected = request.GET.get("occupation", "")
    selected = _id_param(selected)
    form = NeedForm(initial={"occupation": selected}, occupation_query=form.occupation_query)
    return render(
        request,
        "employers/_occupation_options.html",
        {
            "occupations": list(form.fields["occupation"].queryset),
            "selected": selected,
        },
    )


@role_required(*COORDINATORS_AND_ADMIN)
def need_create(request, pk: int):
    employer = _employer(request, pk)
    occupation_query = _text_param(request.GET.get("occupation_q", ""))
    if request.htmx and request.method == "GET":
        return _occupation_options(request, NeedForm(occupation_query=occupation_query))
    form = NeedForm(
        _posted(request),
        occupation_query=occupation_query,
        initial={"workplace": (employer.workplace_list or [""])[0]},
        partnerships=access.partnerships_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        need = form.save(commit=False)
        need.employer = employer
        need_rules.save_need(need=need, by=request.user)
        messages.success(request, _("The need was recorded."))
        return redirect("employers:need_detail", pk=need.pk)
    return render(
        request,
        "employers/need_form.html",
        {"form": form, "employer": employer, "occupation_query": occupation_query},
    )


@role_required(*COORDINATORS_AND_ADMIN)
def need_edit(request, pk: int):
    need = _need(request, pk)
    occupation_query = _text_param(request.GET.get("occupation_q", ""))
    if request.htmx and request.method == "GET":
        return _occupation_options(request, NeedForm(occupation_query=occupation_query))
    form = NeedForm(_posted(request), instance=need, occupation_query=occupation_query)
    if (
        request.method == "POST"
        and form.is_valid()
        and locking.save_or_conflict(
            form, lambda: need_rules.save_need(need=form.save(commit=False), by=request.user)
        )
    ):
        messages.success(request, _("The need was saved."))
        return redirect("employers:need_detail", pk=need.pk)
    return render(
        request,
        "employers/need_form.html",
        {
            "form": form,
            "employer": need.employer,
            "need": need,
            "occupation_query": occupation_query,
        },
    )


@role_required(*EMPLOYER_READERS)
def need_detail(request, pk: int):
    need = _need(request, pk)
    versions = profiles.versions_of(need)
    return render(
        request,
        "employers/need_detail.html",
        {
            "need": need,
            "employer": need.employer,
            "profile": versions[0] if versions else None,
            "agreements": list(need.agreements.order_by("-number")),
            "repeat_form": RepeatNeedForm(),
            "may_edit": employers_access.may_edit_employers(request.user),
        },
    )


@role_required(*COORDINATORS_AND_ADMIN)
def need_repeat(request, pk: int):
    need = _need(request, pk)
    form = RepeatNeedForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        copy = need_rules.repeat_need(
            need=need, wanted_start=form.cleaned_data["wanted_start"], by=request.user
        )
        messages.success(request, _("A new need was created from this one."))
        return redirect("employers:need_detail", pk=copy.pk)
    return render(request, "employers/need_repeat.html", {"form": form, "need": need})


# --- Requirement profile ---------------------------------------------------------------------


@role_required(*EMPLOYER_READERS)
def profile_detail(request, pk: int):
    need = _need(request, pk)
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
def criterion_create(request, pk: int):
    need = _need(request, pk)
    form = CriterionForm(_posted(request), need=need)
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
def criterion_delete(request, pk: int, criterion_pk: int):
    need = _need(request, pk)
    criterion = get_object_or_404(
        employers_access.criteria_for(request.user), version__need=need, pk=criterion_pk
    )
    profiles.remove_criterion(need=need, criterion=criterion, by=request.user)
    messages.success(request, _("The requirement was removed from the profile."))
    return redirect("employers:profile", pk=need.pk)


@role_required(*COORDINATORS_AND_ADMIN)
def profile_notes(request, pk: int):
    need = _need(request, pk)
    current = profiles.current_version(need)
    form = ProfileNotesForm(_posted(request), initial={"notes": current.notes if current else ""})
    if request.method == "POST" and form.is_valid():
        profiles.set_profile_notes(need=need, notes=form.cleaned_data["notes"], by=request.user)
        messages.success(request, _("The profile notes were saved."))
        return redirect("employers:profile", pk=need.pk)
    return render(request, "employers/profile_notes.html", {"form": form, "need": need})


# --- Planning meetings -----------------------------------------------------------------------


@role_required(*COORDINATORS_AND_ADMIN)
def meeting_create(request, pk: int):
    employer = _employer(request, pk)
    initial = {}
    if _id_param(request.GET.get("need", "")):
        initial["need"] = _id_param(request.GET["need"])
    form = MeetingForm(
        _posted(request),
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
def meeting_edit(request, pk: int):
    meeting = _meeting(request, pk)
    form = MeetingForm(
        _posted(request),
        instance=meeting,
        employer=meeting.employer,
        needs=employers_access.needs_for(request.user),
        providers=employers_access.education_providers_for(request.user),
    )

    def save():
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
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
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
def meeting_ics(request, pk: int):
    meeting = _meeting(request, pk)
    response = HttpResponse(
        meeting_rules.meeting_ics(meeting, host=request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="avstamningsmote-{meeting.pk}.ics"'
    return response


@role_required(*COORDINATORS_AND_ADMIN)
def action_item_create(request, pk: int):
    meeting = _meeting(request, pk)
    form = ActionItemForm(_posted(request), employer=meeting.employer)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.meeting = meeting
        meeting_rules.add_action_item(item=item)
        messages.success(request, _("The action item was added."))
        return redirect("employers:meeting_detail", pk=meeting.pk)
    return render(request, "employers/action_item_form.html", {"form": form, "meeting": meeting})


@require_POST
@role_required(*COORDINATORS_AND_ADMIN)
def action_item_toggle(request, pk: int):
    item = get_object_or_404(employers_access.action_items_for(request.user), pk=pk)
    meeting_rules.set_action_item_done(item=item, done=request.POST.get("done") == "1")
    messages.success(request, _("The action item was updated."))
    return redirect("employers:meeting_detail", pk=item.meeting_id)


# --- Agreements ------------------------------------------------------------------------------


@role_required(*COORDINATORS_AND_ADMIN)
def agreement_create(request, pk: int):
    """Draft a new agreement version for a need (a copy of the latest when there is one)."""
    need = _need(request, pk)
    form = AgreementForm(
        _posted(request),
        need=need,
        providers=employers_access.education_providers_for(request.user),
        initial=agreement_rules.initial_for(need),
    )
    if request.method == "POST" and form.is_valid():
        agreement = agreement_rules.save_agreement(
            need=need, agreement=form.save(commit=False), by=request.user
        )
        messages.success(request, _("The agreement draft was saved."))
        return redirect("employers:agreement_detail", pk=agreement.pk)
    return render(request, "employers/agreement_form.html", {"form": form, "need": need})


@role_required(*COORDINATORS_AND_ADMIN)
def agreement_edit(request, pk: int):
    agreement = _agreement(request, pk)
    need = agreement.need
    form = AgreementForm(
        _posted(request),
        instance=agreement,
        need=need,
        providers=employers_access.education_providers_for(request.user),
    )
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = locking.save_or_conflict(
            form,
            lambda: agreement_rules.save_agreement(
                need=need, agreement=form.save(commit=False), by=request.user
            ),
        )
    if saved:
        if saved.pk != pk:
            messages.success(
                request, _("The agreement was agreed, so a new draft version was made.")
            )
        else:
            messages.success(request, _("The agreement draft was saved."))
        return redirect("employers:agreement_detail", pk=saved.pk)
    return render(
        request,
        "employers/agreement_form.html",
        {"form": form, "need": need, "agreement": agreement},
    )


@role_required(*EMPLOYER_READERS)
def agreement_detail(request, pk: int):
    agreement = _agreement(request, pk)
    context = agreement_rules.agreement_context(agreement)
    context["versions"] = list(
        agreement.need.agreements.order_by("-number").only("id", "number", "status", "need_id")
    )
    context["may_edit"] = employers_access.may_edit_employers(request.user)
    context["is_latest"] = context["versions"][0].pk == agreement.pk
    if context["may_edit"] and context["is_latest"] and not agreement.is_agreed:
        context["confirm_form"] = ConfirmAgreementForm(agreement=context["agreement"])
    return render(request, "employers/agreement_detail.html", context)


@require_POST
@role_required(*COORDINATORS_AND_ADMIN)
def agreement_send(request, pk: int):
    agreement = _agreement(request, pk)
    try:
        agreement_rules.send_to_employer(agreement=agreement, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The employer can now read and confirm the draft in the portal.")
        )
    return redirect("employers:agreement_detail", pk=agreement.pk)


@require_POST
@role_required(*COORDINATORS_AND_ADMIN)
def agreement_confirm(request, pk: int):
    agreement = _agreement(request, pk)
    form = ConfirmAgreementForm(request.POST, agreement=agreement)
    if form.is_valid():
        try:
            agreement_rules.confirm_agreement(
                agreement=agreement,
                party=form.cleaned_data["party"],
                confirmed_by_name=form.cleaned_data["confirmed_by_name"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The confirmation was recorded."))
            return redirect("employers:agreement_detail", pk=agreement.pk)
    context = agreement_rules.agreement_context(agreement)
    context.update(
        {
            "confirm_form": form,
            "versions": list(agreement.need.agreements.order_by("-number")),
            "may_edit": True,
            "is_latest": True,
        }
    )
    return render(request, "employers/agreement_detail.html", context, status=400)


@role_required(*EMPLOYER_READERS)
def agreement_print(request, pk: int):
    agreement = _agreement(request, pk)
    return render(
        request, "employers/agreement_print.html", agreement_rules.agreement_context(agreement)
    )


@role_required(*EMPLOYER_READERS)
def agreement_pdf(request, pk: int):
    agreement = _agreement(request, pk)
    pdf = agreement_rules.agreement_pdf(agreement, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="overenskommelse-{agreement.need_id}-v{agreement.number}.pdf"'
    )
    return response


# --- Education providers ---------------------------------------------------------------------


@role_required(*STAFF_AND_ADMIN)
def provider_list(request):
    providers = employers_access.education_providers_for(request.user).annotate(
        contact_count=Count("contacts")
    )
    page = Paginator(providers.order_by("name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employers/provider_list.html",
        {"page": page, "may_edit": employers_access.may_edit_employers(request.user)},
    )


@role_required(*STAFF_AND_ADMIN)
def provider_detail(request, pk: int):
    provider = get_object_or_404(employers_access.education_providers_for(request.user), pk=pk)
    return render(
        request,
        "employers/provider_detail.html",
        {
            "provider": provider,
            "contacts": list(provider.contacts.all()),
            "may_edit": employers_access.may_edit_employers(request.user),
        },
    )


def _save_provider_form(request, form, provider=None):
    try:
        return locking.save_or_conflict(
            form, lambda: registry.save_provider(provider=form.save(commit=False))
        )
    except ValidationError as error:
        _add_errors(form, error)
    return None


@role_required(*COORDINATORS_AND_ADMIN)
def provider_create(request):
    form = ProviderForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        provider = _save_provider_form(request, form)
        if provider:
            messages.success(request, _("The education provider was registered."))
            return redirect("employers:provider_detail", pk=provider.pk)
    return render(request, "employers/provider_form.html", {"form": form})


@role_required(*COORDINATORS_AND_ADMIN)
def provider_edit(request, pk: int):
    provider = get_object_or_404(employers_access.education_providers_for(request.user), pk=pk)
    form = ProviderForm(_posted(request), instance=provider)
    if request.method == "POST" and form.is_valid() and _save_provider_form(request, form):
        messages.success(request, _("The education provider was saved."))
        return redirect("employers:provider_detail", pk=provider.pk)
    return render(request, "employers/provider_form.html", {"form": form, "provider": provider})


@role_required(*COORDINATORS_AND_ADMIN)
def provider_contact_create(request, pk: int):
    provider = get_object_or_404(employers_access.education_providers_for(request.user), pk=pk)
    form = ProviderContactForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.provider = provider
        contact.save()
        messages.success(request, _("The contact was added."))
        return redirect("employers:provider_detail", pk=provider.pk)
    return render(request, "employers/contact_form.html", {"form": form, "provider": provider})
