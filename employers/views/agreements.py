"""Agreements for a need: drafting, versions, sending, confirmation, print and PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers import access as employers_access
from employers import agreements as agreement_rules
from employers.access import EMPLOYER_READERS
from employers.forms import AgreementForm, ConfirmAgreementForm
from employers.views.lookups import agreement_or_404, need_or_404, posted
from jobbspar import locking
from jobbspar.access import COORDINATORS_AND_ADMIN, role_required


@role_required(*COORDINATORS_AND_ADMIN)
def agreement_create(request, pk: int) -> HttpResponse:
    """Draft a new agreement version for a need (a copy of the latest when there is one)."""
    need = need_or_404(request, pk)
    form = AgreementForm(
        posted(request),
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
def agreement_edit(request, pk: int) -> HttpResponse:
    agreement = agreement_or_404(request, pk)
    need = agreement.need
    form = AgreementForm(
        posted(request),
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
def agreement_detail(request, pk: int) -> HttpResponse:
    agreement = agreement_or_404(request, pk)
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
def agreement_send(request, pk: int) -> HttpResponse:
    agreement = agreement_or_404(request, pk)
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
def agreement_confirm(request, pk: int) -> HttpResponse:
    agreement = agreement_or_404(request, pk)
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
def agreement_print(request, pk: int) -> HttpResponse:
    agreement = agreement_or_404(request, pk)
    return render(
        request, "employers/agreement_print.html", agreement_rules.agreement_context(agreement)
    )


@role_required(*EMPLOYER_READERS)
def agreement_pdf(request, pk: int) -> HttpResponse:
    agreement = agreement_or_404(request, pk)
    pdf = agreement_rules.agreement_pdf(agreement, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="overenskommelse-{agreement.need_id}-v{agreement.number}.pdf"'
    )
    return response
