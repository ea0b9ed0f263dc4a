"""Coordinator and job-coach pages for participants. Thin: every object comes from
participants.access.participants_for, every change goes through a domain function."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobbspar import access, audit, locking
from jobbspar.access import role_required
from jobbspar.identity import format_personal_number
from jobbspar.models import AccessPurpose
from jobbspar.vocabulary import Certificate, WorkingHours
from participants import access as participants_access
from participants import consent as consent_actions
from participants import export, plan, register_extract, registration, retention
from participants.access_request_views import submit_access_request
from participants.forms import (
    BackgroundForm,
    CaseNoteForm,
    ConsentForm,
    ConsentWithdrawalForm,
    ErasureForm,
    ExperienceForm,
    LanguageForm,
    ParticipantForm,
    PlanItemForm,
    PresentationConsentForm,
    SearchForm,
)
from participants.models import (
    Consent,
    EventKind,
    Participant,
    PlanItem,
    WorkExperience,
)
from participants.search import Filters, search_participant_ids

VIEWERS = participants_access.PARTICIPANT_VIEWERS
EDITORS = participants_access.PARTICIPANT_EDITORS
PAGE_SIZE = 25
READS_SHOWN = 50
PENDING_KEY = "participants:pending_personal_number"


def _participant(request, pk: int) -> Participant:
    """A participant the user may see, or 404."""
    return get_object_or_404(
        participants_access.participants_for(request.user).select_related(
            "registered_by", "coordinator", "job_coach", "presentation_consent_by"
        ),
        pk=pk,
    )


def _form_page(request, *, form, title: str, participant=None, submit: str, cancel: str):
    if participant is not None:  # the form shows the person's data: a read
        audit.log_page_read(request, participant)
    return render(
        request,
        "participants/record_form.html",
        {
            "form": form,
            "title": title,
            "participant": participant,
            "submit_label": submit,
            "cancel_url": cancel,
        },
    )


def _search(request) -> tuple[SearchForm, Filters]:
    """The search form bound to the query string, and the filters its valid fields give."""
    if not request.GET:
        return SearchForm(user=request.user), Filters()
    form = SearchForm(request.GET, user=request.user)
    form.is_valid()
    return form, form.filters()


@role_required(*VIEWERS)
@require_http_methods(["GET"])
def participant_list(request):
    form, filters = _search(request)
    page = _participant_page(request, filters)
    query = request.GET.copy()
    query.pop("page", None)
    # A search from the page (htmx) swaps in only the results; a plain GET gets the page.
    template = "participants/participant_list.html"
    return render(
        request,
        f"{template}#results" if request.htmx else template,
        {
            "form": form,
            "page_obj": page,
            "participants": page.object_list,
            "query": query.urlencode(),
            "can_register": participants_access.can_edit_participants(request.user),
            "can_export": participants_access.can_export_participants(request.user),
        },
    )


# A search with at most this many hits is read as one list of ids (count and page together).
SEARCH_IDS_AT_ONCE = 1000


def _participant_page(request, filters: Filters):
    """A page of the participant list in two steps: the page's (id, name) in name order (the
    visibility rule's two halves, each read in name order from an index, merged), then those
    rows. A search reads all its ids at once when there are few (one query for count and page);
    the whole list counts from the visibility id sets alone."""
    ordered = search_participant_ids(request.user, filters)
    if filters != Filters():
        found = list(ordered[: SEARCH_IDS_AT_ONCE + 1])
        paginator = Paginator(found if len(found) <= SEARCH_IDS_AT_ONCE else ordered, PAGE_SIZE)
    else:
        paginator = Paginator(ordered, PAGE_SIZE)
        paginator.count = participants_access.count_participants_for(request.user)
    page = paginator.get_page(request.GET.get("page"))
    page_ids = [pk for pk, _name in page.object_list]
    rows = (
        participants_access.participants_among(request.user, page_ids)
        .select_related("registered_by", "coordinator")
        .in_bulk()
    )
    page.object_list = [rows[pk] for pk in page_ids if pk in rows]
    return page


@role_required(*participants_access.PARTICIPANT_EXPORTERS)
@require_http_methods(["GET"])
def participant_export(request):
    _form, filters = _search(request)
    response = StreamingHttpResponse(
        export.csv_lines(request.user, filters, path=request.path),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="deltagare-{stamp}.csv"'
    return response


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def participant_create(request):
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
    return _form_page(
        request,
        form=form,
        title=_("Register a participant"),
        submit=_("Register"),
        cancel=reverse("participants:participant_list"),
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def consent_needed(request):
    """The person is registered by another organisation, which holds the record: only it may
    release the record, on the person's consent. Offered here: a request naming the consent the
    user's organisation collected (participants.access_requests). Nothing about the existing
    record is shown; the personal identity number stays in the session (never in the URL)."""
    personal_number = request.session.get(PENDING_KEY)
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


@role_required(*VIEWERS)
@require_http_methods(["GET"])
def participant_detail(request, pk: int):
    participant = get_object_or_404(
        participants_access.participants_for(request.user)
        .select_related("registered_by", "coordinator", "job_coach", "presentation_consent_by")
        .prefetch_related(
            "interests",
            "languages",
            Prefetch(
                "experiences",
                queryset=WorkExperience.objects.select_related("occupation"),
            ),
            Prefetch("plan_items", queryset=PlanItem.objects.all()),
            Prefetch(
                "consents",
                queryset=Consent.objects.select_related(
                    "shared_with", "recorded_by", "withdrawn_by"
                ),
            ),
        ),
        pk=pk,
    )
    fields = participants_access.participant_fields_for(request.user)
    can_see_notes = participants_access.can_see_case_notes(request.user, participant)
    notes = (
        participant.notes.select_related("author", "organisation")
        if can_see_notes
        else participant.notes.none()
    )
    events = participant.events.select_related("actor", "organisation")[:50]
    today = timezone.localdate()
    consents = [(consent, consent.is_active(today)) for consent in participant.consents.all()]
    audit.log_read(
        user=request.user,
        obj=participant,
        purpose=AccessPurpose.CASE_WORK,
        path=request.path,
    )
    holder = participants_access.is_registering_coordinator(request.user, participant)
    requests_shown = participant.access_requests.select_related(
        "asking_organisation", "asked_by", "decided_by"
    )
    if participant.registered_by_id != request.user.organisation_id:
        requests_shown = requests_shown.filter(asking_organisation=request.user.organisation_id)
    consent_rows = [
        (consent, active, participants_access.may_withdraw_consent(request.user, consent))
        for consent, active in consents
    ]
    can_see_reads = holder
    reads = audit.reads_of(participant)[:READS_SHOWN] if can_see_reads else []
    return render(
        request,
        "participants/participant_detail.html",
        {
            "participant": participant,
            "fields": fields,
            "notes": notes,
            "events": events,
            "consents": consent_rows,
            "access_requests": list(requests_shown),
            "may_record_consent": holder,
            "may_ask_for_more": participant.registered_by_id != request.user.organisation_id
            and participants_access.may_request_access(request.user),
            "can_edit": participants_access.can_edit_participants(request.user),
            "can_see_notes": can_see_notes,
            "can_see_reads": can_see_reads,
            "reads": reads,
            "can_be_presented": consent_actions.can_be_presented_to_employer(participant),
            # The tracks this person has been in (tracks.TrackParticipant, by its related name).
            "memberships": list(
                participant.track_memberships.select_related("track__employer").order_by(
                    "-track__start_date"
                )
            ),
            "certificate_labels": [Certificate(c).label for c in participant.certificates],
            "working_hours_labels": [WorkingHours(h).label for h in participant.working_hours],
        },
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def participant_edit(request, pk: int):
    participant = _participant(request, pk)
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
    return _form_page(
        request,
        form=form,
        participant=participant,
        title=_("Edit participant"),
        submit=_("Save"),
        cancel=participant.get_absolute_url(),
    )


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def background_edit(request, pk: int):
    participant = _participant(request, pk)
    form = BackgroundForm(request.POST or None, instance=participant)

    def save():
        registration.update_participant(
            participant=form.save(commit=False),
            by=request.user,
            changed=form.changed_data,
            kind=EventKind.BACKGROUND_UPDATED,
        )
        form.save_m2m()
        return participant

    if request.method == "POST" and form.is_valid() and locking.save_or_conflict(form, save):
        messages.success(request, _("The background is saved."))
        return redirect(participant.get_absolute_url() + "#background")
    return _form_page(
        request,
        form=form,
        participant=participant,
        title=_("Edit background"),
        submit=_("Save"),
        cancel=participant.get_absolute_url() + "#background",
    )


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def language_add(request, pk: int):
    participant = _participant(request, pk)
    form = LanguageForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        registration.add_language(participant=participant, by=request.user, **form.cleaned_data)
        messages.success(request, _("The language is added."))
        return redirect(participant.get_absolute_url() + "#background")
    return _form_page(
        request,
        form=form,
        participant=participant,
        title=_("Add a language"),
        submit=_("Add"),
        cancel=participant.get_absolute_url() + "#background",
    )


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def experience_add(request, pk: int):
    participant = _participant(request, pk)
    form = ExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration.add_experience(participant=participant, by=request.user, **form.cleaned_data)
        messages.success(request, _("The work experience is added."))
        return redirect(participant.get_absolute_url() + "#background")
    return _form_page(
        request,
        form=form,
        participant=participant,
        title=_("Add work experience"),
        submit=_("Add"),
        cancel=participant.get_absolute_url() + "#background",
    )


@role_required(*VIEWERS)
@require_POST
def language_delete(request, pk: int, item_pk: int):
    participant = _participant(request, pk)
    language = get_object_or_404(participant.languages, pk=item_pk)
    registration.remove_language(language=language, by=request.user)
    messages.success(request, _("The language is removed."))
    return redirect(participant.get_absolute_url() + "#background")


@role_required(*VIEWERS)
@require_POST
def experience_delete(request, pk: int, item_pk: int):
    participant = _participant(request, pk)
    experience = get_object_or_404(participant.experiences, pk=item_pk)
    registration.remove_experience(experience=experience, by=request.user)
    messages.success(request, _("The work experience is removed."))
    return redirect(participant.get_absolute_url() + "#background")


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def note_create(request, pk: int):
    participant = _participant(request, pk)
    if not participants_access.can_see_case_notes(request.user, participant):
        raise PermissionDenied
    form = CaseNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration.add_case_note(participant=participant, by=request.user, **form.cleaned_data)
        messages.success(request, _("The case note is saved."))
        return redirect(participant.get_absolute_url() + "#notes")
    return _form_page(
        request,
        form=form,
        participant=participant,
        title=_("Write a case note"),
        submit=_("Save note"),
        cancel=participant.get_absolute_url() + "#notes",
    )


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def plan_item_create(request, pk: int):
    participant = _participant(request, pk)
    form = PlanItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = plan.add_plan_item(
            participant=participant,
            kind=data["kind"],
            title=data["title"],
            responsible=data["responsible"],
            planned_start=data["planned_start"],
            planned_end=data["planned_end"],
            status=data["status"],
            by=request.user,
        )
        if data["actual_start"] or data["actual_end"]:
            item.actual_start, item.actual_end = data["actual_start"], data["actual_end"]
            item.save(update_fields=["actual_start", "actual_end"])
        messages.success(request, _("The plan item is added."))
        return redirect(participant.get_absolute_url() + "#plan")
    return _form_page(
        request,
        form=form,
        participant=participant,
        title=_("Add a plan item"),
        submit=_("Add"),
        cancel=participant.get_absolute_url() + "#plan",
    )


@role_required(*VIEWERS)
@require_http_methods(["GET", "POST"])
def plan_item_edit(request, pk: int, item_pk: int):
    participant = _participant(request, pk)
    item = get_object_or_404(participant.plan_items, pk=item_pk)
    form = PlanItemForm(request.POST or None, instance=item)
    if (
        request.method == "POST"
        and form.is_valid()
        and locking.save_or_conflict(
            form, lambda: plan.save_plan_item(item=form.save(commit=False), by=request.user)
        )
    ):
        messages.success(request, _("The plan item is saved."))
        return redirect(participant.get_absolute_url() + "#plan")
    return _form_page(
        request,
        form=form,
        participant=participant,
        title=_("Edit plan item"),
        submit=_("Save"),
        cancel=participant.get_absolute_url() + "#plan",
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def consent_create(request, pk: int):
    """Only the registering organisation's coordinators record a consent (the other
    organisation asks: participants.access_requests)."""
    participant = _participant(request, pk)
    if not participants_access.is_registering_coordinator(request.user, participant):
        raise PermissionDenied
    form = ConsentForm(request.POST or None, participant=participant, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            consent_actions.record_consent(
                participant=participant, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect(participant.get_absolute_url() + "#consents")
    return _form_page(
        request,
        form=form,
        participant=participant,
        title=_("Record consent to share"),
        submit=_("Record consent"),
        cancel=participant.get_absolute_url() + "#consents",
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk: int, consent_pk: int):
    participant = _participant(request, pk)
    consent = get_object_or_404(
        participant.consents.select_related("shared_with"),
        pk=consent_pk,
        withdrawn_at__isnull=True,
    )
    if not participants_access.may_withdraw_consent(request.user, consent):
        raise PermissionDenied
    form = ConsentWithdrawalForm(request.POST or None, consent=consent)
    if request.method == "POST" and form.is_valid():
        consent_actions.withdraw_consent(
            consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"], by=request.user
        )
        messages.success(request, _("The consent is withdrawn. Sharing has stopped."))
        if participants_access.participants_for(request.user).filter(pk=participant.pk).exists():
            return redirect(participant.get_absolute_url() + "#consents")
        return redirect("participants:participant_list")
    return _form_page(
        request,
        form=form,
        participant=participant,
        title=_("Withdraw consent to share with %(organisation)s")
        % {"organisation": consent.shared_with.name},
        submit=_("Withdraw consent"),
        cancel=participant.get_absolute_url() + "#consents",
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def presentation_consent(request, pk: int):
    participant = _participant(request, pk)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        consent_actions.withdraw_presentation_consent(participant=participant, by=request.user)
        messages.success(request, _("The consent to employer presentation is withdrawn."))
        return redirect(participant.get_absolute_url() + "#consents")
    form = PresentationConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent_actions.record_presentation_consent(
            participant=participant, given_on=form.cleaned_data["given_on"], by=request.user
        )
        messages.success(request, _("The consent to employer presentation is recorded."))
        return redirect(participant.get_absolute_url() + "#consents")
    return _form_page(
        request,
        form=form,
        participant=participant,
        title=_("Consent to presentation to employers"),
        submit=_("Confirm"),
        cancel=participant.get_absolute_url() + "#consents",
    )


def _extract_subject(request, pk: int) -> Participant:
    """A participant whose register extract the user may give: the registering organisation's
    coordinators (the controller). The extract is logged as a read."""
    participant = _participant(request, pk)
    if not participants_access.is_registering_coordinator(request.user, participant):
        raise PermissionDenied
    audit.log_read(
        user=request.user,
        obj=participant,
        purpose=AccessPurpose.REGISTER_EXTRACT,
        path=request.path,
    )
    return participant


@role_required(*EDITORS)
@require_http_methods(["GET"])
def register_extract_json(request, pk: int):
    participant = _extract_subject(request, pk)
    response = HttpResponse(
        register_extract.as_json(participant), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{participant.pk}.json"'
    return response


@role_required(*EDITORS)
@require_http_methods(["GET"])
def register_extract_pdf(request, pk: int):
    participant = _extract_subject(request, pk)
    pdf = register_extract.as_pdf(participant, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{participant.pk}.pdf"'
    return response


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def participant_erase(request, pk: int):
    """Erasure on request (GDPR art. 17): the same anonymisation as the retention job, for the
    registering organisation's coordinators, after an explicit confirmation."""
    participant = _participant(request, pk)
    if not participants_access.is_registering_coordinator(request.user, participant):
        raise PermissionDenied
    if participant.anonymised_at is not None:
        messages.info(request, _("The participant is already anonymised."))
        return redirect(participant.get_absolute_url())
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        retention.anonymise(participant=participant, by=request.user)
        messages.success(request, _("The participant's identity and contact data are erased."))
        return redirect(participant.get_absolute_url())
    return _form_page(
        request,
        form=form,
        participant=participant,
        title=_("Erase the participant's data"),
        submit=_("Erase"),
        cancel=participant.get_absolute_url(),
    )
