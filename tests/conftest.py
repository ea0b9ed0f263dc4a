"""Shared fixtures: personas for every role, and a real Chromium with axe for browser tests."""

import os
import zlib

import factory.random
import pytest
from django.test import Client, RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobbspar import two_factor
from jobbspar.forms import forget_shared_choices
from jobbspar.models import OrganisationKind, Role
from tests.browser import browser, page, phone_page  # noqa: F401 - fixtures
from tests.employers.factories import EducationProviderFactory
from tests.jobbspar.factories import (
    EmploymentServiceFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
    default_partnership,
)

# Sync Playwright runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    # Every statement taken from the cache of compiled statements is compiled again by Django
    # and compared, in every test (jobbspar/database/statements.py).
    from jobbspar.database import statements

    statements.VERIFY = True


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """pytest-django's, and with --reuse-db the SSYK list the migrations load: an earlier run's
    transactional tests (run last) flushed it from the kept database, and no migration runs
    again to load it. A new test database (CI, `make test`) is left as the migrations made it,
    so tests/employers/test_occupations.py still checks what they load."""
    if request.config.getoption("reuse_db", False) and not request.config.getoption(
        "create_db", False
    ):
        from tests.employers.factories import ensure_occupations

        with django_db_blocker.unblock():
            ensure_occupations()


# Argon2 is the production hasher (tested in test_settings); tests need speed.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _names_of_this_test(request):
    """Faker's names (the factories' people and users) follow from the test's id, not from the
    tests that ran before it: a test whose random names happen to collide (one person's name
    inside another's on a page) then fails every time or never, not now and then in CI. crc32,
    not hash(): a string's hash changes from run to run."""
    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture(autouse=True)
def _fresh_shared_choices():
    # Shared choice lists live for the process; a test's rows are rolled back without a signal,
    # so each test starts without the lists an earlier test read.
    forget_shared_choices()


@pytest.fixture(autouse=True)
def _fresh_process_cache():
    # The process's cache (the default, in memory) keeps what is made of rows, such as a
    # dashboard view's workbook: an earlier test's rolled-back rows must not answer this one's.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def fresh_prepared():
    """No kind of call kept by an earlier test, nor by this one afterwards
    (jobbspar/database/prepared.py): for tests that count what is learnt and taken."""
    from jobbspar.database import prepared

    prepared.forget()
    yield
    prepared.forget()


class TakenOnly:
    """What a test of a page built once per kind of call needs (jobbspar/database/prepared.py):
    the kinds a module's builders left, and a record of calls of the functions they call."""

    def __init__(self, monkeypatch) -> None:
        self.monkeypatch = monkeypatch

    @staticmethod
    def kinds(module: str) -> dict[str, object]:
        """The kinds of call kept for the builders of `module`, by builder name."""
        from jobbspar.database import prepared

        return {
            key[0].__name__: kind
            for key, kind in prepared._kinds.items()
            if key[0].__module__ == module
        }

    def watch(self, module, *names: str) -> list[str]:
        """From now on, no VERIFY and no spot checks: each call of `module`'s functions
        `names` is recorded in the list returned (a builder called again calls them)."""
        from jobbspar.database import prepared, statements

        self.monkeypatch.setattr(statements, "VERIFY", False)
        self.monkeypatch.setattr(prepared, "SPOT_CHECKS_FIRST", 0)
        calls: list[str] = []
        for name in names:
            real = getattr(module, name)
            self.monkeypatch.setattr(
                module,
                name,
                lambda *args, _real=real, _name=name, **kwargs: (
                    calls.append(_name) or _real(*args, **kwargs)
                ),
            )
        return calls


@pytest.fixture
def taken_only(monkeypatch):
    return TakenOnly(monkeypatch)


class VerifiedClient(Client):
    """A test client whose force_login also passes the second factor.

    For a user who needs one (a role that requires 2FA, or anyone with an authenticator) it
    confirms an authenticator for the user and marks the session verified the way django-otp
    does, so tests of pages behind sign-in need not go through the code step. Tests of the
    sign-in itself use `client.post` to the login and code pages instead.
    """

    def login(self, **credentials):
        # django-axes checks every authentication against a request (for the client's IP).
        credentials.setdefault("request", RequestFactory().post("/accounts/login/"))
        return super().login(**credentials)

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if two_factor.required_for(user) or two_factor.has_device(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return VerifiedClient()


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's admin_client, signed in as the administrator persona with 2FA passed."""
    client = VerifiedClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def partnership(db):
    """Arbetsförmedlingen + Malmö stad: the personas' partnership, and the factories' default
    for needs, meetings and tracks."""
    return default_partnership()


@pytest.fixture
def af(partnership):
    return partnership.employment_service


@pytest.fixture
def municipality(partnership):
    return partnership.municipality


@pytest.fixture
def other_partnership(db):
    """AF Lund + Lunds kommun, with a coordinator of each, who must not edit the personas' work."""
    return PartnershipFactory(
        name="AF Lund + Lunds kommun",
        employment_service=EmploymentServiceFactory(name="Arbetsförmedlingen Lund"),
        municipality=MunicipalityFactory(name="Lunds kommun"),
    )


@pytest.fixture
def lund_coordinator(other_partnership):
    return UserFactory(
        username="lund.coordinator",
        role=Role.MUNICIPAL_COORDINATOR,
        organisation=other_partnership.municipality,
    )


@pytest.fixture
def employer_org(db):
    return OrganisationFactory(name="Omsorgshuset Söder AB")


@pytest.fixture
def other_employer_org(db):
    return OrganisationFactory(name="Hamnlager Syd AB")


@pytest.fixture
def af_coordinator(af):
    return UserFactory(username="af.coordinator", role=Role.AF_COORDINATOR, organisation=af)


@pytest.fixture
def municipal_coordinator(municipality):
    return UserFactory(
        username="malmo.coordinator", role=Role.MUNICIPAL_COORDINATOR, organisation=municipality
    )


@pytest.fixture
def job_coach(municipality):
    return UserFactory(username="coach", role=Role.JOB_COACH, organisation=municipality)


@pytest.fixture
def employer_user(employer_org):
    return UserFactory(username="employer", role=Role.EMPLOYER, organisation=employer_org)


@pytest.fixture
def other_employer_user(other_employer_org):
    return UserFactory(
        username="other.employer", role=Role.EMPLOYER, organisation=other_employer_org
    )


@pytest.fixture
def manager(municipality):
    return UserFactory(username="manager", role=Role.MANAGER, organisation=municipality)


@pytest.fixture
def provider_org(db):
    """An education provider's organisation, with its provider record (employers app)."""
    organisation = OrganisationFactory(
        name="Yrkesakademin Malmö", kind=OrganisationKind.EDUCATION_PROVIDER
    )
    EducationProviderFactory(organisation=organisation)
    return organisation


@pytest.fixture
def provider_user(provider_org):
    return UserFactory(username="provider", role=Role.EDUCATION_PROVIDER, organisation=provider_org)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="administrator", role=Role.ADMIN, organisation=None)


@pytest.fixture
def personas(
    af_coordinator,
    municipal_coordinator,
    job_coach,
    employer_user,
    manager,
    admin_user,
    provider_user,
):
    """One signed-in-able user per role, keyed by role value."""
    return {
        Role.AF_COORDINATOR: af_coordinator,
        Role.MUNICIPAL_COORDINATOR: municipal_coordinator,
        Role.JOB_COACH: job_coach,
        Role.EMPLOYER: employer_user,
        Role.MANAGER: manager,
        Role.ADMIN: admin_user,
        Role.EDUCATION_PROVIDER: provider_user,
    }


class _CountedTemplate:
    """crispy's field template, noting the name of every field it draws."""

    def __init__(self, template, drawn):
        self.template, self.drawn = template, drawn

    def render(self, context=None, request=None):
        self.drawn.append(context["field"].name)
        return self.template.render(context, request)


@pytest.fixture
def crispy_drawn(monkeypatch):
    """The names of the fields crispy draws through its template (as_crispy_choice keeps the
    HTML of a field it drew before: tests/jobbspar/test_drawn_fields.py)."""
    from crispy_forms.templatetags import crispy_forms_filters

    names: list[str] = []
    get_template = crispy_forms_filters.get_template
    monkeypatch.setattr(
        crispy_forms_filters,
        "get_template",
        lambda name: _CountedTemplate(get_template(name), names),
    )
    return names
