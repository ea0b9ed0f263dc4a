from django.urls import path

from participants.views import (
    access_requests,
    consent,
    detail,
    lists,
    notes,
    plan,
    registration,
    rights,
)

app_name = "participants"

urlpatterns = [
    path("", lists.participant_list, name="participant_list"),
    path("export.csv", lists.participant_export, name="participant_export"),
    path("export/chosen/", lists.participant_export_chosen, name="participant_export_chosen"),
    path("new/", registration.participant_create, name="participant_create"),
    path("new/consent/", registration.consent_needed, name="consent_needed"),
    path(
        "access-requests/",
        access_requests.access_request_list,
        name="access_request_list",
    ),
    path(
        "access-requests/<int:pk>/",
        access_requests.access_request_decide,
        name="access_request_decide",
    ),
    path(
        "access-requests/<int:pk>/withdraw/",
        access_requests.access_request_withdraw,
        name="access_request_withdraw",
    ),
    path("<int:pk>/", detail.participant_detail, name="participant_detail"),
    path("<int:pk>/edit/", registration.participant_edit, name="participant_edit"),
    path("<int:pk>/background/", registration.background_edit, name="background_edit"),
    path("<int:pk>/languages/new/", registration.language_add, name="language_add"),
    path(
        "<int:pk>/languages/<int:item_pk>/delete/",
        registration.language_delete,
        name="language_delete",
    ),
    path("<int:pk>/experience/new/", registration.experience_add, name="experience_add"),
    path(
        "<int:pk>/experience/<int:item_pk>/delete/",
        registration.experience_delete,
        name="experience_delete",
    ),
    path("<int:pk>/notes/new/", notes.note_create, name="note_create"),
    path("<int:pk>/plan/new/", plan.plan_item_create, name="plan_item_create"),
    path("<int:pk>/plan/<int:item_pk>/edit/", plan.plan_item_edit, name="plan_item_edit"),
    path("<int:pk>/consents/new/", consent.consent_create, name="consent_create"),
    path(
        "<int:pk>/access-requests/new/",
        access_requests.access_request_create,
        name="access_request_create",
    ),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        consent.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/register-extract.json", rights.register_extract_json, name="register_extract"),
    path("<int:pk>/register-extract.pdf", rights.register_extract_pdf, name="register_extract_pdf"),
    path("<int:pk>/erase/", rights.participant_erase, name="participant_erase"),
    path(
        "<int:pk>/presentation-consent/", consent.presentation_consent, name="presentation_consent"
    ),
]
