"""Recruitment needs: recording, editing, reading and repeating a need."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from employers import access as employers_access
from employers import needs as need_rules
from employers import profiles
from employers.access import EMPLOYER_READERS
from employers.forms import NeedForm, RepeatNeedForm
from employers.views.lookups import employer_or_404, id_param, need_or_404, posted, text_param
from jobbspar import access, locking
from jobbspar.access import COORDINATORS_AND_ADMIN, role_required


def _occupation_options(request, form: NeedForm) -> HttpResponse:
    """htmx: just the narrowed <option>s of the occupation select (and the match count)."""
    selected = request.GET.get("occupation", "")
    selected = id_param(selected)
    form = NeedForm(initial={"occupation": selected}, occupation_query=form.occupation_query)
    return render(
        request,
        "employers/_occupation_options.html",
        {
            "occupations": list(form.fields["occupation"].queryset),  # type: ignore[attr-defined]
            "selected": selected,
        },
    )


@role_required(*COORDINATORS_AND_ADMIN)
def need_create(request, pk: int) -> HttpResponse:
    employer = employer_or_404(request, pk)
    occupation_query = text_param(request.GET.get("occupation_q", ""))
    if request.htmx and request.method == "GET":
        return _occupation_options(request, NeedForm(occupation_query=occupation_query))
    form = NeedForm(
        posted(request),
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
def need_edit(request, pk: int) -> HttpResponse:
    need = need_or_404(request, pk)
    occupation_query = text_param(request.GET.get("occupation_q", ""))
    if request.htmx and request.method == "GET":
        return _occupation_options(request, NeedForm(occupation_query=occupation_query))
    form = NeedForm(posted(request), instance=need, occupation_query=occupation_query)
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
def need_detail(request, pk: int) -> HttpResponse:
    need = need_or_404(request, pk)
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
def need_repeat(request, pk: int) -> HttpResponse:
    need = need_or_404(request, pk)
    form = RepeatNeedForm(posted(request))
    if request.method == "POST" and form.is_valid():
        copy = need_rules.repeat_need(
            need=need, wanted_start=form.cleaned_data["wanted_start"], by=request.user
        )
        messages.success(request, _("A new need was created from this one."))
        return redirect("employers:need_detail", pk=copy.pk)
    return render(request, "employers/need_repeat.html", {"form": form, "need": need})
