from django.urls import path

from tracks import closing_views, pool_views, progress_views, views

app_name = "tracks"

urlpatterns = [
    path("", views.track_list, name="track_list"),
    path("new/", views.track_create, name="track_create"),
    path("<int:pk>/", views.track_detail, name="track_detail"),
    path("<int:pk>/edit/", views.track_edit, name="track_edit"),
    path("<int:pk>/copy/", views.track_copy, name="track_copy"),
    path("<int:pk>/status/", views.track_status, name="track_status"),
    path("<int:pk>/closing/", closing_views.track_closing, name="track_closing"),
    path("<int:pk>/funding/new/", views.funding_edit, name="funding_add"),
    path("<int:pk>/funding/<int:funding_pk>/", views.funding_edit, name="funding_edit"),
    path("<int:pk>/funding/<int:funding_pk>/delete/", views.funding_delete, name="funding_delete"),
    path("<int:pk>/phases/generate/", views.phases_generate, name="phases_generate"),
    path("<int:pk>/phases/new/", views.phase_edit, name="phase_create"),
    path("<int:pk>/phases/<int:phase_pk>/", views.phase_edit, name="phase_edit"),
    path("<int:pk>/phases/<int:phase_pk>/delete/", views.phase_delete, name="phase_delete"),
    path("<int:pk>/candidates/", pool_views.find_candidates, name="find_candidates"),
    path("<int:pk>/candidates/nominate/", pool_views.nominate, name="nominate"),
    path("<int:pk>/decisions/apply/", pool_views.apply_decisions, name="apply_decisions"),
    path("<int:pk>/pool/<int:member_pk>/move/", pool_views.member_move, name="member_move"),
    path(
        "<int:pk>/pool/<int:member_pk>/request-access/",
        pool_views.member_access_request,
        name="member_access_request",
    ),
    path("<int:pk>/pool/<int:member_pk>/", progress_views.member_detail, name="member_detail"),
    path(
        "<int:pk>/pool/<int:member_pk>/phases/<int:phase_pk>/",
        progress_views.progress_edit,
        name="progress_edit",
    ),
    path(
        "<int:pk>/pool/<int:member_pk>/phases/<int:phase_pk>/certificate.pdf",
        progress_views.certificate,
        name="certificate",
    ),
    path("<int:pk>/pool/<int:member_pk>/apl-log/", progress_views.apl_log_add, name="apl_log_add"),
    path(
        "<int:pk>/pool/<int:member_pk>/apl-log/<int:entry_pk>/edit/",
        progress_views.apl_log_edit,
        name="apl_log_edit",
    ),
]
