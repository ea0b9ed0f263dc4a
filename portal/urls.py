from django.urls import path

from portal import apl_views, views, withdrawal

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("tracks/<int:pk>/", views.track_detail, name="track"),
    path("tracks/<int:pk>/candidates/", views.candidates, name="candidates"),
    path("tracks/<int:pk>/candidates/<int:member_pk>/decide/", views.decide, name="decide"),
    path(
        "tracks/<int:pk>/participants/<int:member_pk>/",
        views.participant_detail,
        name="participant",
    ),
    path("tracks/<int:pk>/participants/<int:member_pk>/offer/", views.offer, name="offer"),
    path(
        "tracks/<int:pk>/participants/<int:member_pk>/withdraw-offer/",
        withdrawal.withdraw_offer,
        name="withdraw_offer",
    ),
    path(
        "tracks/<int:pk>/participants/<int:member_pk>/mentor/",
        apl_views.mentor,
        name="mentor",
    ),
    path(
        "tracks/<int:pk>/participants/<int:member_pk>/apl-log/",
        apl_views.apl_entry_add,
        name="apl_entry_add",
    ),
    path(
        "tracks/<int:pk>/participants/<int:member_pk>/apl-log/<int:entry_pk>/",
        apl_views.apl_entry_correct,
        name="apl_entry_correct",
    ),
    path("tracks/<int:pk>/agreement/", views.agreement, name="agreement"),
    path("meetings/<int:pk>.ics", views.meeting_ics, name="meeting_ics"),
    path("contacts/<int:pk>/invite/", views.invite, name="invite"),
    path("provider-contacts/<int:pk>/invite/", views.provider_invite, name="provider_invite"),
    path("welcome/<uidb64>/<token>/", views.accept_invitation, name="accept_invitation"),
]
