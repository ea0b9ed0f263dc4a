"""Employers and their contact persons: the list, registration, editing and the employer page."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers import access as employers_access
from employers import registry
from employers.access import EMPLOYER_READERS
from employers.forms import ContactForm, EmployerForm, EmployerSearchForm
from employers.models import Agreement, ContactPerson, Employer, NeedStatus
from employers.views.lookups import PAGE_SIZE, employer_or_404, posted
from jobbspar import contributions, locking
from jobbspar.access import (
    COORDINATORS_AND_ADMIN,
    EMPLOYERS,
    STAFF_AND_ADMIN,
    has_role,
    role_required,
)
from jobbspar.database import prepared
from jobbspar.forms import add_validation_error
from jobbspar.models import User

OPEN_NEED_STATUSES = [NeedStatus.NEW, NeedStatus.PLANNING, NeedStatus.TRACK_RUNNING]


@role_required(*STAFF_AND_ADMIN)
def employer_list(request) -> HttpResponse:
    form = EmployerSearchForm(request.GET or None)
    text = number = sector = ""
    open_only = False
    sort = "name"
    if form.is_valid():
        text = form.cleaned_data["q"].strip()
        digits = text.replace("-", "").replace(" ", "")
        if digits.isdigit() and digits.isascii():
            number = f"{digits[:6]}-{digits[6:]}" if len(digits) > 6 else digits
        sector = form.cleaned_data["sector"]
        open_only = form.cleaned_data["has_open_needs"]
        sort = form.cleaned_data["sort"] or "name"
    # Which terms the search has and its order decide the query's form; its text, number and
    # sector are values in it. Its first pages and its count (whatever the order) are built
    # once per kind of user and of search (prepared.Pages).
    terms = prepared.Fixed((bool(text), bool(number), bool(sector), open_only))
    employers = prepared.Pages[Employer](
        _employer_page,
        request.user,
        terms,
        prepared.Fixed(sort),
        text,
        number,
        sector,
        per_page=PAGE_SIZE,
        count=functools.partial(
            prepared.counted, _employer_count, request.user, terms, text, number, sector
        ),
        # The whole list in name order is paged through; of a search or another order, the
        # first page is what is read (twelve kinds of search in four orders, ten pages each,
        # would fill the process's store of kinds on their own: prepared.MAX_KINDS).
        prepared_pages=(prepared.PREPARED_PAGES if not any(terms.value) and sort == "name" else 1),
    )
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


# An employer list's search terms: whether it has a text, an organisation number (the text's
# digits), a sector and the open-needs filter.
EmployerSearch = tuple[bool, bool, bool, bool]


def _employers_found(
    user: User, terms: EmployerSearch, text: str, number: str, sector: str
) -> QuerySet[Employer]:
    """The employers `user` may see that the search finds, with their open needs counted."""
    has_text, has_number, has_sector, open_only = terms
    # A correlated count, not JOIN + GROUP BY: the list's count reads only employers, and the
    # database counts the open needs of the 25 rows shown (unless sorted or filtered by them);
    # the needs of the user's partnerships (employers are shared, their needs are not).
    open_needs = (
        employers_access.needs_for(user)
        .filter(employer=OuterRef("pk"), status__in=OPEN_NEED_STATUSES)
        .order_by()
        .values("employer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    employers = employers_access.employers_for(user).annotate(
        open_needs=Coalesce(Subquery(open_needs), 0)
    )
    if has_text:
        match = Q(name__icontains=text)
        if has_number:
            match |= Q(organisation_number__startswith=number)
        employers = employers.filter(match)
    if has_sector:
        employers = employers.filter(sector=sector)
    if open_only:
        employers = employers.filter(open_needs__gt=0)
    return employers


def _employer_count(
    user: User, terms: EmployerSearch, text: str, number: str, sector: str
) -> QuerySet:
    """How many employers the search finds (prepared.one_row)."""
    return prepared.one_row(_employers_found(user, terms, text, number, sector), n=Count("pk"))


def _employer_page(
    user: User,
    terms: EmployerSearch,
    sort: str,
    text: str,
    number: str,
    sector: str,
    bounds: tuple[int, int],
) -> QuerySet[Employer]:
    """The rows [bottom:top] of the employers the search finds, in the order `sort` names
    (EmployerSearchForm.SORTS)."""
    bottom, top = bounds
    employers = _employers_found(user, terms, text, number, sector)
    return employers.order_by(EmployerSearchForm.SORTS[sort][0], "id")[bottom:top]


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
