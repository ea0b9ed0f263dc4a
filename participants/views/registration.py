"""Registering a participant and editing the record: details, background, languages and
work experience."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobbspar import access, locking
from jobbspar.access import role_required
from jobbspar.http import AuthenticatedRequest
from jobbspar.identity import format_personal_number
from participants import access as participants_access
from participants import registration
from participants.forms import BackgroundForm, ExperienceForm, LanguageForm, ParticipantForm
from participants.models import EventKind, OtherLanguage, Participant, WorkExperience
from participants.views.access_requests import submit_access_request
from participants.views.shared import EDITORS, VIEWERS, form_page, participant_or_404

PENDING_KEY = "participants:pending_personal_number"


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def participant_create(request: AuthenticatedRequest) -> HttpResponse:
    form = ParticipantForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            participant = registration.register_participant(by=request.user, **data)
        except registration.AlreadyVisible as known:
            form.add_error(
                "personal_number",
                _("This personal identity number is already registered for %(name)s.")
                % {"name": known.participant.name},
            )
        except registration.RegisteredElsewhere:
            request.session[PENDING_KEY] = data["personal_number"]
            return redirect("participants:consent_needed")
        else:
            messages.success(request, _("The participant is registered."))
            return redirect("participants:participant_detail", pk=participant.pk)
    return form_page(
        request,
        form=form,
        title=_("Register a participant"),
        submit=_("Register"),
        cancel=reverse("participants:participant_list"),
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def consent_needed(request: AuthenticatedRequest) -> HttpResponse:
    """The person is registered by another organisation, which holds the record: only it may
    release the record, on the person's consent. Offered here: a request naming the consent the
    user's organisation collected (participants.access_requests). Nothing about the existing
    record is shown; the personal identity number stays in the session (never in the URL)."""
    personal_number: str = request.session.get(PENDING_KEY, "")
    existing = None
    if personal_number:
        # Found only to attach the request to; nothing about the record is shown.
        with access.unscoped("registration: the record an access request is made for"):
            existing = Participant.objects.filter(personal_number=personal_number).first()
    if existing is None:
        return redirect("participants:participant_create")
    if participants_access.participants_for(request.user).filter(pk=existing.pk).exists():
        request.session.pop(PENDING_KEY, None)
        return redirect("participants:participant_detail", pk=existing.pk)
    masked = format_personal_number(personal_number)[:-4] + "XXXX"
    form, made = submit_access_request(
        request,
        participant=existing,
        asked_from=_("Registration attempt (%(number)s)") % {"number": masked},
    )
    if made is not None:
        request.session.pop(PENDING_KEY, None)
        return redirect("participants:access_request_list")
    return render(
        request,
        "participants/consent_needed.html",
        {"form": form, "personal_number": format_personal_number(personal_number)},
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def participant_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_or_404(request, pk)
    form = ParticipantForm(request.POST or None, instance=participant, user=request.user)
    if request.method == "POST" and form.is_valid():
        # Across organisations on purpose: one person, one record (only "taken" is revealed).
        with access.unscoped("registration: is this personal identity number taken"):
            clash = (
                Participant.objects.filter(personal_number=form.cleaned_data["personal_number"])
                .exclude(pk=participant.pk)
                .exists()
            )
        if clash:
            form.add_error(
                "personal_number",
                _("Another participant already has this personal identity number."),
            )
        elif locking.save_or_conflict(
            form,
            lambda: registration.update_participant(
                participant=form.save(commit=False), by=request.user, changed=form.changed_data
            ),
        ):
            messages.success(request, _("The changes are saved."))
            return redirect("participants:participant_detail", pk=participant.pk)
    return form_page(
        request,
        form=form,
        participant=participant,
        title=_("Edit participant"),
        submit=_("Save"),
        cancel=participant.get_absolute_url(),
    )


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def background_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_or_404(request, pk)
    form = BackgroundForm(request.POST or None, instance=participant)

    def save() -> Participant:
        registration.update_participant(
            participant=form.save(commit=False),
            by=request.user,
            changed=form.changed_data,
            kind=EventKind.BACKGROUND_UPDATED,
        )
        form.save_m2m()
        return participant

    saved = None
    if request.method == "POST" and form.is_valid():
        saved = locking.save_or_conflict(form, save)
    if saved:
        messages.success(request, _("The background is saved."))
        return redirect(participant.get_absolute_url() + "#background")
    return form_page(
        request,
        form=form,
        participant=participant,
        title=_("Edit background"),
        submit=_("Save"),
        cancel=participant.get_absolute_url() + "#background",
    )


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def language_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_or_404(request, pk)
    form = LanguageForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        registration.add_language(participant=participant, by=request.user, **form.cleaned_data)
        messages.success(request, _("The language is added."))
        return redirect(participant.get_absolute_url() + "#background")
    return form_page(
        request,
        form=form,
        participant=participant,
        title=_("Add a language"),
        submit=_("Add"),
        cancel=participant.get_absolute_url() + "#background",
    )


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def experience_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_or_404(request, pk)
    form = ExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration.add_experience(participant=participant, by=request.user, **form.cleaned_data)
        messages.success(request, _("The work experience is added."))
        return redirect(participant.get_absolute_url() + "#background")
    return form_page(
        request,
        form=form,
        participant=participant,
        title=_("Add work experience"),
        submit=_("Add"),
        cancel=participant.get_absolute_url() + "#background",
    )


@role_required(*VIEWERS)
@require_POST
def language_delete(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    participant = participant_or_404(request, pk)
    language: OtherLanguage = get_object_or_404(participant.languages, pk=item_pk)
    registration.remove_language(language=language, by=request.user)
    messages.success(request, _("The language is removed."))
    return redirect(participant.get_absolute_url() + "#background")


@role_required(*VIEWERS)
@require_POST
def experience_delete(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    participant = participant_or_404(request, pk)
    experience: WorkExperience = get_object_or_404(participant.experiences, pk=item_pk)
    registration.remove_experience(experience=experience, by=request.user)
    messages.success(request, _("The work experience is removed."))
    return redirect(participant.get_absolute_url() + "#background")
