from django.urls import path

from employers import views

app_name = "employers"

urlpatterns = [
    path("", views.employer_list, name="list"),
    path("new/", views.employer_create, name="create"),
    path("<int:pk>/", views.employer_detail, name="detail"),
    path("<int:pk>/edit/", views.employer_edit, name="edit"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/delete/",
        views.contact_delete,
        name="contact_delete",
    ),
    path("<int:pk>/needs/new/", views.need_create, name="need_create"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/repeat/", views.need_repeat, name="need_repeat"),
    path("needs/<int:pk>/profile/", views.profile_detail, name="profile"),
    path("needs/<int:pk>/profile/criteria/new/", views.criterion_create, name="criterion_create"),
    path(
        "needs/<int:pk>/profile/criteria/<int:criterion_pk>/delete/",
        views.criterion_delete,
        name="criterion_delete",
    ),
    path("needs/<int:pk>/profile/notes/", views.profile_notes, name="profile_notes"),
    path("needs/<int:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/invitation.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/actions/new/", views.action_item_create, name="action_item_create"),
    path("actions/<int:pk>/done/", views.action_item_toggle, name="action_item_toggle"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/confirm/", views.agreement_confirm, name="agreement_confirm"),
    path("agreements/<int:pk>/send/", views.agreement_send, name="agreement_send"),
    path("agreements/<int:pk>/print/", views.agreement_print, name="agreement_print"),
    path("agreements/<int:pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("providers/", views.provider_list, name="provider_list"),
    path("providers/new/", views.provider_create, name="provider_create"),
    path("providers/<int:pk>/", views.provider_detail, name="provider_detail"),
    path("providers/<int:pk>/edit/", views.provider_edit, name="provider_edit"),
    path(
        "providers/<int:pk>/contacts/new/",
        views.provider_contact_create,
        name="provider_contact_create",
    ),
]
