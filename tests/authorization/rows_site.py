"""Rows of the site's own pages (jobbspar): sign-in, passwords, two factors, notifications."""

from __future__ import annotations

from jobbspar.models import Role
from tests.authorization.rows import ANON, LOGIN, Row, everyone, signed_in

OFFERED_2FA = [Role.EMPLOYER, Role.EDUCATION_PROVIDER]

# The `signed_in` rows hold for the education provider user as for every role: their start page
# (which links their courses), their password, their notifications and the session; the 2FA
# pages answer them as the employer user, for whom two-step sign-in is offered, not required.

SITE_ROWS: dict[str, Row] = {
    "home": Row(get=signed_in(200)),
    "login": Row(get={ANON: 200, **dict.fromkeys(Role.values, 302)}),
    "logout": Row(get=everyone(405)),
    "password_change": Row(get=signed_in(200)),
    "password_change_done": Row(get=signed_in(200)),
    "password_reset": Row(get=everyone(200)),
    "password_reset_done": Row(get=everyone(200)),
    "password_reset_confirm": Row(
        get=everyone(200), kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "password_reset_complete": Row(get=everyone(200)),
    # The personas are signed in with their second factor (tests/conftest.py VerifiedClient),
    # so the 2FA pages send them on; only the employer and education provider users, with no
    # authenticator (offered, not required), may enrol.
    "two_factor_verify": Row(get=signed_in(302)),
    "two_factor_setup": Row(
        get=signed_in(302, **dict.fromkeys(OFFERED_2FA, 200)),
        post=signed_in(302, **dict.fromkeys(OFFERED_2FA, 200)),
    ),
    "two_factor_recovery_codes": Row(get=signed_in(302)),
    "session_keep_alive": Row(get=signed_in(405), post=signed_in(302)),
    "accessibility": Row(get=everyone(200)),
    "healthz": Row(get=everyone(200)),
    # Benchmark mode is off outside `make bench` (tests/jobbspar/test_bench_floor.py turns it on).
    "bench_floor": Row(get=everyone(404)),
    "set_language": Row(get=everyone(302)),
    "notification_list": Row(get=signed_in(200)),
    "notification_open": Row(
        get=signed_in(405),
        kwargs=lambda world: {"pk": world["notification"].pk},
        # Only the recipient (the AF coordinator) may open it; for everyone else it does not exist.
        post={
            ANON: LOGIN,
            Role.AF_COORDINATOR: 302,
            **dict.fromkeys([r for r in Role.values if r != Role.AF_COORDINATOR], 404),
        },
    ),
    "notification_mark_all_read": Row(get=signed_in(405), post=signed_in(302)),
    "notification_preferences": Row(get=signed_in(200), post=signed_in(302)),
}
