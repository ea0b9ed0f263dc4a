"""Signed-in sessions and the rows the benchmark opens (needs Django set up).

Sessions are made the way a sign-in leaves them: Django's auth keys plus django-otp's verified
device, so the benchmark measures pages, not the sign-in form (and never trips django-axes).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.dataset import USERNAME_PREFIX
from bench.scenarios import Fixtures
from jobbspar.models import Organisation, OrganisationKind, Partnership, User
from jobbspar.sessions import SessionStore

# The role key of the benchmark's API client (its "cookie" is an Authorization header value).
API_CLIENT = "api_client"
API_CLIENT_NAME = "Benchmark"

# Region 0 of the generated data (bench/dataset/).
BENCH_USERS = {
    "af_coordinator": "af-coordinator-0-0",
    "municipal_coordinator": "municipal-coordinator-0-0",
    "job_coach": "af-coach-0-0",
    "manager": "manager-0",
    "employer": "employer-0",
}


def session_cookies() -> dict[str, str]:
    cookies = {}
    for role, username in BENCH_USERS.items():
        user = User.objects.get(username=USERNAME_PREFIX + username)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "jobbspar.backends.JobbsparBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.set_expiry(4 * 60 * 60)  # a national run outlasts the 30-minute idle timeout
        session.save()
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    cookies[API_CLIENT] = f"Bearer {_api_key()}"
    return cookies


def _api_key() -> str:
    """A fresh key of the benchmark's API client (the AF coordinator's organisation, read scopes),
    made as an administrator makes one (api.keys): created on the first run, rotated after."""
    import datetime as dt

    from django.utils import timezone

    from api.keys import create_client, rotate_key
    from api.models import ApiClient, ApiScope

    client = ApiClient.objects.filter(name=API_CLIENT_NAME).first()
    if client is not None:
        return rotate_key(client)
    af = User.objects.get(username=USERNAME_PREFIX + BENCH_USERS["af_coordinator"])
    return create_client(
        ApiClient(
            name=API_CLIENT_NAME,
            organisation=af.organisation,
            role=af.role,
            scopes=[ApiScope.TRACKS_READ, ApiScope.POOL_READ, ApiScope.EMPLOYERS_READ],
            expires_on=timezone.localdate() + dt.timedelta(days=3650),
        )
    )


def fixtures() -> Fixtures:
    from participants.models import Participant
    from schedule.models import Strand, StrandKind
    from tracks.models import Track, TrackStatus

    af = User.objects.get(username=USERNAME_PREFIX + BENCH_USERS["af_coordinator"])
    municipality = Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, users__username=USERNAME_PREFIX + "manager-0"
    ).get()
    participant = (
        Participant.objects.filter(registered_by=af.organisation_id).order_by("id").first()
    )
    region_tracks = Track.objects.filter(coordinators__organisation=af.organisation_id)
    running = region_tracks.filter(status=TrackStatus.RUNNING).order_by("-start_date", "id").first()
    recruiting = (
        region_tracks.filter(status=TrackStatus.RECRUITING, profile_version__isnull=False)
        .order_by("start_date", "id")
        .first()
    )
    partnership = Partnership.objects.filter(municipality=municipality).order_by("id").first()
    employer_user = User.objects.get(username=USERNAME_PREFIX + BENCH_USERS["employer"])
    employer_track = (
        Track.objects.filter(employer__organisation=employer_user.organisation_id)
        .order_by("-start_date", "id")
        .first()
    )
    return Fixtures(
        participant=participant.pk,
        participant_name_part=participant.name.split()[-1],
        personal_number=f"{participant.personal_number[:8]}-{participant.personal_number[8:]}",
        track=running.pk,
        matching_track=recruiting.pk,
        municipality=municipality.pk,
        employer_track=employer_track.pk if employer_track else running.pk,
        partnership=partnership.pk if partnership else 0,
        strand=Strand.objects.filter(track=running, kind=StrandKind.TRAINING)
        .values_list("pk", flat=True)
        .first()
        or 0,
    )
