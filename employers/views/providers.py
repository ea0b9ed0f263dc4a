"""Education providers and their contacts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from employers import access as employers_access
from employers import registry
from employers.forms import ProviderContactForm, ProviderForm
from employers.models import EducationProvider
from employers.views.lookups import PAGE_SIZE, posted
from jobbspar import locking
from jobbspar.access import (
    COORDINATORS,
    COORDINATORS_AND_ADMIN,
    STAFF_AND_ADMIN,
    has_role,
    role_required,
)
from jobbspar.forms import add_validation_error


@role_required(*STAFF_AND_ADMIN)
def provider_list(request) -> HttpResponse:
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
def provider_detail(request, pk: int) -> HttpResponse:
    provider = get_object_or_404(employers_access.education_providers_for(request.user), pk=pk)
    return render(
        request,
        "employers/provider_detail.html",
        {
            "provider": provider,
            "contacts": list(provider.contacts.all()),
            "may_edit": employers_access.may_edit_employers(request.user),
            # Coordinators invite a provider's contact to an account (portal.invitations).
            "may_invite": has_role(request.user, COORDINATORS),
        },
    )


def _save_provider_form(request, form, provider=None) -> EducationProvider | None:
    try:
        return locking.save_or_conflict(
            form, lambda: registry.save_provider(provider=form.save(commit=False))
        )
    except ValidationError as error:
        add_validation_error(form, error)
    return None


@role_required(*COORDINATORS_AND_ADMIN)
def provider_create(request) -> HttpResponse:
    form = ProviderForm(posted(request))
    if request.method == "POST" and form.is_valid():
        provider = _save_provider_form(request, form)
        if provider:
            messages.success(request, _("The education provider was registered."))
            return redirect("employers:provider_detail", pk=provider.pk)
    return render(request, "employers/provider_form.html", {"form": form})


@role_required(*COORDINATORS_AND_ADMIN)
def provider_edit(request, pk: int) -> HttpResponse:
    provider = get_object_or_404(employers_access.education_providers_for(request.user), pk=pk)
    form = ProviderForm(posted(request), instance=provider)
    if request.method == "POST" and form.is_valid() and _save_provider_form(request, form):
        messages.success(request, _("The education provider was saved."))
        return redirect("employers:provider_detail", pk=provider.pk)
    return render(request, "employers/provider_form.html", {"form": form, "provider": provider})


@role_required(*COORDINATORS_AND_ADMIN)
def provider_contact_create(request, pk: int) -> HttpResponse:
    provider = get_object_or_404(employers_access.education_providers_for(request.user), pk=pk)
    form = ProviderContactForm(posted(request))
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.provider = provider
        contact.save()
        messages.success(request, _("The contact was added."))
        return redirect("employers:provider_detail", pk=provider.pk)
    return render(request, "employers/contact_form.html", {"form": form, "provider": provider})
