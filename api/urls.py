from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import (
    dashboard,
    follow_ups,
    moves,
    participants,
    problems,
    profiles,
    resources,
    strands,
    views,
)

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("employers/", views.EmployerList.as_view(), name="employer_list"),
    path("needs/", resources.NeedList.as_view(), name="need_list"),
    path(
        "employers/<int:pk>/contacts/",
        profiles.EmployerContacts.as_view(),
        name="employer_contacts",
    ),
    path("needs/<int:pk>/profile/", profiles.NeedProfile.as_view(), name="need_profile"),
    path("tracks/<int:pk>/phases/", resources.PhaseList.as_view(), name="phase_list"),
    path("tracks/<int:pk>/strands/", strands.StrandList.as_view(), name="strand_list"),
    path("tracks/", views.TrackList.as_view(), name="track_list"),
    path("tracks/<int:pk>/", views.TrackDetail.as_view(), name="track_detail"),
    path("tracks/<int:pk>/pool/", views.Pool.as_view(), name="pool"),
    path(
        "tracks/<int:pk>/pool/<int:member_pk>/moves/",
        moves.MemberMove.as_view(),
        name="member_move",
    ),
    path("participants/", views.ParticipantCreate.as_view(), name="participant_create"),
    path(
        "participants/<int:pk>/",
        participants.ParticipantResource.as_view(),
        name="participant_detail",
    ),
    path("dashboard/", dashboard.DashboardAggregates.as_view(), name="dashboard"),
    path("follow-ups/", follow_ups.FollowUpList.as_view(), name="follow_up_list"),
    path(
        "follow-ups/<int:pk>/answer/", follow_ups.FollowUpAnswer.as_view(), name="follow_up_answer"
    ),
    # Last: any other address under /api/v1/ is a problem-details 404, not the web's HTML page.
    re_path(r"^(?P<rest>[\s\S]*)$", problems.unknown_address, name="unknown"),
]
