from django.urls import path

from tracks.views import apl, bulk, bulk_nominate, closing, pool, progress, tracks

app_name = "tracks"

urlpatterns = [
    path("", tracks.track_list, name="track_list"),
    path("new/", tracks.track_create, name="track_create"),
    path("<int:pk>/", tracks.track_detail, name="track_detail"),
    path("<int:pk>/edit/", tracks.track_edit, name="track_edit"),
    path("<int:pk>/copy/", tracks.track_copy, name="track_copy"),
    path("<int:pk>/status/", tracks.track_status, name="track_status"),
    path("<int:pk>/closing/", closing.track_closing, name="track_closing"),
    path("<int:pk>/funding/new/", tracks.funding_edit, name="funding_add"),
    path("<int:pk>/funding/<int:funding_pk>/", tracks.funding_edit, name="funding_edit"),
    path("<int:pk>/funding/<int:funding_pk>/delete/", tracks.funding_delete, name="funding_delete"),
    path("<int:pk>/phases/generate/", tracks.phases_generate, name="phases_generate"),
    path("<int:pk>/phases/new/", tracks.phase_edit, name="phase_create"),
    path("<int:pk>/phases/<int:phase_pk>/", tracks.phase_edit, name="phase_edit"),
    path("<int:pk>/phases/<int:phase_pk>/delete/", tracks.phase_delete, name="phase_delete"),
    path("<int:pk>/candidates/", pool.find_candidates, name="find_candidates"),
    path("<int:pk>/candidates/nominate/", pool.nominate, name="nominate"),
    path("<int:pk>/decisions/apply/", pool.apply_decisions, name="apply_decisions"),
    path("<int:pk>/pool/move/", bulk.bulk_move, name="bulk_move"),
    path("<int:pk>/pool/present/", bulk.bulk_present, name="bulk_present"),
    path("<int:pk>/pool/remind/", bulk.bulk_remind, name="bulk_remind"),
    path("<int:pk>/pool/export/", bulk.bulk_export, name="bulk_export"),
    path("nominate/", bulk_nominate.bulk_nominate, name="bulk_nominate"),
    path("<int:pk>/pool/<int:member_pk>/move/", pool.member_move, name="member_move"),
    path(
        "<int:pk>/pool/<int:member_pk>/request-access/",
        pool.member_access_request,
        name="member_access_request",
    ),
    path("<int:pk>/pool/<int:member_pk>/", progress.member_detail, name="member_detail"),
    path(
        "<int:pk>/pool/<int:member_pk>/phases/<int:phase_pk>/",
        progress.progress_edit,
        name="progress_edit",
    ),
    path(
        "<int:pk>/pool/<int:member_pk>/phases/<int:phase_pk>/certificate.pdf",
        progress.certificate,
        name="certificate",
    ),
    path("<int:pk>/pool/<int:member_pk>/apl-log/", progress.apl_log_add, name="apl_log_add"),
    path(
        "<int:pk>/pool/<int:member_pk>/apl-log/<int:entry_pk>/edit/",
        progress.apl_log_edit,
        name="apl_log_edit",
    ),
    path("<int:pk>/pool/<int:member_pk>/mentor/", apl.member_mentor, name="member_mentor"),
    path(
        "<int:pk>/pool/<int:member_pk>/apl-log/<int:entry_pk>/comment/",
        apl.apl_log_comment,
        name="apl_log_comment",
    ),
]
