"""Employers and their contact persons: the list, registration, editing and the employer page."""

from __future__ import annotations

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
from employers import registry
from employers.access import EMPLOYER_READERS
from employers.forms import ContactForm, EmployerForm, EmployerSearchForm
from employers.models import Agreement, ContactPerson, NeedStatus
from employers.views.lookups import PAGE_SIZE, employer_or_404, posted
from jobbspar import contributions, locking
from jobbspar.access import (
    COORDINATORS_AND_ADMIN,
    EMPLOYERS,
    STAFF_AND_ADMIN,
    has_role,
    role_required,
)
from jobbspar.forms import add_validation_error

OPEN_NEED_STATUSES = [NeedStatus.NEW, NeedStatus.PLANNING, NeedStatus.TRACK_RUNNING]


@role_required(*STAFF_AND_ADMIN)
def employer_list(request) -> HttpResponse:
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
def employer_create(request) -> HttpResponse:
    form = EmployerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            employer = registry.save_employer(employer=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The employer was registered."))
            return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/employer_form.html", {"form": form})


@role_required(*COORDINATORS_AND_ADMIN)
def employer_edit(request, pk: int) -> HttpResponse:
    employer = employer_or_404(request, pk)
    form = EmployerForm(posted(request), instance=employer)
    if request.method == "POST" and form.is_valid():
        try:
            saved = locking.save_or_conflict(
                form,
                lambda: registry.save_employer(employer=form.save(commit=False), by=request.user),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if saved:
                messages.success(request, _("The employer was saved."))
                return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/employer_form.html", {"form": form, "employer": employer})


@role_required(*EMPLOYER_READERS)
def employer_detail(request, pk: int) -> HttpResponse:
    employer = employer_or_404(request, pk)
    is_employer_user = has_role(request.user, EMPLOYERS)
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
    }
    if not is_employer_user:
        context["meetings"] = list(
            employers_access.meetings_for(request.user)
            .filter(employer=employer)
            .select_related("need__occupation")
            .order_by("-starts_at", "-id")[:20]
        )
        context["changes"] = list(employer.changes.select_related("by")[:30])
    # The upper apps' parts (the employer's tracks, the portal invitation), declared on their
    # AppConfig, so this page names none of them.
    for part in contributions.collect("employer_page"):
        context.update(part(request, employer))
    return render(request, "employers/employer_detail.html", context)


@role_required(*COORDINATORS_AND_ADMIN)
def contact_create(request, pk: int) -> HttpResponse:
    employer = employer_or_404(request, pk)
    form = ContactForm(posted(request))
    if request.method == "POST" and form.is_valid():
        contact: ContactPerson = form.save(commit=False)
        contact.employer = employer
        registry.add_contact(contact=contact, by=request.user)
        messages.success(request, _("The contact was added."))
        return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/contact_form.html", {"form": form, "employer": employer})


@require_POST
@role_required(*COORDINATORS_AND_ADMIN)
def contact_delete(request, pk: int, contact_pk: int) -> HttpResponse:
    employer = employer_or_404(request, pk)
    contact: ContactPerson = get_object_or_404(employer.contacts, pk=contact_pk)
    registry.remove_contact(contact=contact, by=request.user)
    messages.success(request, _("The contact was removed."))
    return redirect("employers:detail", pk=employer.pk)
