from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from jobbspar import two_factor_views, views
from jobbspar.forms import LoginForm

auth_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", two_factor_views.verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor_views.setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        two_factor_views.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("session/keep-alive/", views.keep_alive, name="session_keep_alive"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", include("home.urls")),
    path("accounts/", include(auth_patterns)),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("api/v1/", include("api.urls")),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path(
        "notifications/mark-all-read/",
        views.notification_mark_all_read,
        name="notification_mark_all_read",
    ),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification_preferences",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("employers/", include("employers.urls")),
    path("participants/", include("participants.urls")),
    path("tracks/", include("tracks.urls")),
    path("follow-ups/", include("tracks.followup_urls")),
    path("portal/", include("portal.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("schedule/", include("schedule.urls")),
    path("steering/", include("steering.urls")),
    path("import/", include("imports.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "jobbspar.errors.bad_request"
handler403 = "jobbspar.errors.permission_denied"
handler404 = "jobbspar.errors.page_not_found"
handler500 = "jobbspar.errors.server_error"
