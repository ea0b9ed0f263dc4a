from django.urls import path

from employers.views import agreements, employers, meetings, needs, profiles, providers

app_name = "employers"

urlpatterns = [
    path("", employers.employer_list, name="list"),
    path("new/", employers.employer_create, name="create"),
    path("<int:pk>/", employers.employer_detail, name="detail"),
    path("<int:pk>/edit/", employers.employer_edit, name="edit"),
    path("<int:pk>/contacts/new/", employers.contact_create, name="contact_create"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/delete/",
        employers.contact_delete,
        name="contact_delete",
    ),
    path("<int:pk>/needs/new/", needs.need_create, name="need_create"),
    path("<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path("needs/<int:pk>/repeat/", needs.need_repeat, name="need_repeat"),
    path("needs/<int:pk>/profile/", profiles.profile_detail, name="profile"),
    path(
        "needs/<int:pk>/profile/criteria/new/",
        profiles.criterion_create,
        name="criterion_create",
    ),
    path(
        "needs/<int:pk>/profile/criteria/<int:criterion_pk>/delete/",
        profiles.criterion_delete,
        name="criterion_delete",
    ),
    path("needs/<int:pk>/profile/notes/", profiles.profile_notes, name="profile_notes"),
    path("needs/<int:pk>/agreements/new/", agreements.agreement_create, name="agreement_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/invitation.ics", meetings.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/actions/new/", meetings.action_item_create, name="action_item_create"),
    path("actions/<int:pk>/done/", meetings.action_item_toggle, name="action_item_toggle"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", agreements.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/confirm/", agreements.agreement_confirm, name="agreement_confirm"),
    path("agreements/<int:pk>/send/", agreements.agreement_send, name="agreement_send"),
    path("agreements/<int:pk>/print/", agreements.agreement_print, name="agreement_print"),
    path("agreements/<int:pk>/pdf/", agreements.agreement_pdf, name="agreement_pdf"),
    path("providers/", providers.provider_list, name="provider_list"),
    path("providers/new/", providers.provider_create, name="provider_create"),
    path("providers/<int:pk>/", providers.provider_detail, name="provider_detail"),
    path("providers/<int:pk>/edit/", providers.provider_edit, name="provider_edit"),
    path(
        "providers/<int:pk>/contacts/new/",
        providers.provider_contact_create,
        name="provider_contact_create",
    ),
]
