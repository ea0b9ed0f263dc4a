from django.urls import path

from schedule import (
    attendance_views,
    calendar_views,
    employer_attendance_views,
    employer_views,
    feed_views,
    progress_views,
    provider_views,
    strand_views,
    subscription_views,
    template_views,
)

app_name = "schedule"

urlpatterns = [
    path("tracks/<int:pk>/", strand_views.track_schedule, name="track_schedule"),
    path("tracks/<int:pk>/template/", template_views.template_apply, name="template_apply"),
    path("tracks/<int:pk>/strands/new/", strand_views.strand_edit, name="strand_create"),
    path("tracks/<int:pk>/strands/<int:strand_pk>/", strand_views.strand_edit, name="strand_edit"),
    path(
        "tracks/<int:pk>/strands/<int:strand_pk>/delete/",
        strand_views.strand_delete,
        name="strand_delete",
    ),
    path(
        "tracks/<int:pk>/strands/<int:strand_pk>/pattern/",
        strand_views.pattern_edit,
        name="pattern_edit",
    ),
    path(
        "tracks/<int:pk>/strands/<int:strand_pk>/exceptions/new/",
        strand_views.exception_add,
        name="exception_add",
    ),
    path(
        "tracks/<int:pk>/strands/<int:strand_pk>/exceptions/<int:exception_pk>/delete/",
        strand_views.exception_delete,
        name="exception_delete",
    ),
    path("tracks/<int:pk>/calendar/", calendar_views.calendar_week, name="calendar_week"),
    path("tracks/<int:pk>/calendar/list/", calendar_views.calendar_list, name="calendar_list"),
    path("tracks/<int:pk>/calendar.ics", feed_views.calendar_ics, name="calendar_ics"),
    path(
        "tracks/<int:pk>/members/<int:member_pk>/schedule/",
        feed_views.member_schedule,
        name="member_schedule",
    ),
    path("feeds/", subscription_views.feed_list, name="feed_list"),
    path("feeds/tracks/<int:pk>/new/", subscription_views.feed_create, name="feed_create"),
    path("feeds/<int:feed_pk>/revoke/", subscription_views.feed_revoke, name="feed_revoke"),
    # The secret address a calendar program polls (no session: the token is the credential).
    path("feeds/<slug:token>.ics", subscription_views.feed_ics, name="feed_ics"),
    path("employer/apl/", employer_views.employer_apl, name="employer_apl"),
    path(
        "employer/tracks/<int:pk>/apl.ics",
        employer_views.employer_calendar_ics,
        name="employer_calendar_ics",
    ),
    path(
        "employer/tracks/<int:pk>/attendance/",
        employer_attendance_views.employer_attendance_week,
        name="employer_attendance_week",
    ),
    path(
        "tracks/<int:pk>/strands/<int:strand_pk>/attendance/",
        attendance_views.attendance_day,
        name="attendance_day",
    ),
    path(
        "tracks/<int:pk>/members/<int:member_pk>/attendance/",
        attendance_views.attendance_summary,
        name="attendance_summary",
    ),
    path(
        "tracks/<int:pk>/members/<int:member_pk>/progress/",
        progress_views.member_progress,
        name="member_progress",
    ),
    path(
        "tracks/<int:pk>/attendance/month.csv",
        attendance_views.attendance_month_csv,
        name="attendance_month_csv",
    ),
    path(
        "tracks/<int:pk>/attendance/month.xlsx",
        attendance_views.attendance_month_xlsx,
        name="attendance_month_xlsx",
    ),
    # The education provider's own pages (their strands only).
    path("provider/", provider_views.provider_home, name="provider_home"),
    path("provider/week/", provider_views.provider_week, name="provider_week"),
    path(
        "provider/strands/<int:strand_pk>/attendance/",
        provider_views.provider_attendance,
        name="provider_attendance",
    ),
    path(
        "provider/strands/<int:strand_pk>/progress/",
        progress_views.provider_progress,
        name="provider_progress",
    ),
]
