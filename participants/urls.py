from django.urls import path

from participants import access_request_views, views

app_name = "participants"

urlpatterns = [
    path("", views.participant_list, name="participant_list"),
    path("export.csv", views.participant_export, name="participant_export"),
    path("new/", views.participant_create, name="participant_create"),
    path("new/consent/", views.consent_needed, name="consent_needed"),
    path(
        "access-requests/",
        access_request_views.access_request_list,
        name="access_request_list",
    ),
    path(
        "access-requests/<int:pk>/",
        access_request_views.access_request_decide,
        name="access_request_decide",
    ),
    path(
        "access-requests/<int:pk>/withdraw/",
        access_request_views.access_request_withdraw,
        name="access_request_withdraw",
    ),
    path("<int:pk>/", views.participant_detail, name="participant_detail"),
    path("<int:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("<int:pk>/background/", views.background_edit, name="background_edit"),
    path("<int:pk>/languages/new/", views.language_add, name="language_add"),
    path(
        "<int:pk>/languages/<int:item_pk>/delete/",
        views.language_delete,
        name="language_delete",
    ),
    path("<int:pk>/experience/new/", views.experience_add, name="experience_add"),
    path(
        "<int:pk>/experience/<int:item_pk>/delete/",
        views.experience_delete,
        name="experience_delete",
    ),
    path("<int:pk>/notes/new/", views.note_create, name="note_create"),
    path("<int:pk>/plan/new/", views.plan_item_create, name="plan_item_create"),
    path("<int:pk>/plan/<int:item_pk>/edit/", views.plan_item_edit, name="plan_item_edit"),
    path("<int:pk>/consents/new/", views.consent_create, name="consent_create"),
    path(
        "<int:pk>/access-requests/new/",
        access_request_views.access_request_create,
        name="access_request_create",
    ),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/register-extract.json", views.register_extract_json, name="register_extract"),
    path("<int:pk>/register-extract.pdf", views.register_extract_pdf, name="register_extract_pdf"),
    path("<int:pk>/erase/", views.participant_erase, name="participant_erase"),
    path("<int:pk>/presentation-consent/", views.presentation_consent, name="presentation_consent"),
]
