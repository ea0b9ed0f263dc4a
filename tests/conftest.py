"""Shared fixtures: personas for every role, and a real Chromium with axe for browser tests."""

import os

import pytest

from jobbspar.models import Role
from tests.browser import browser, page, phone_page  # noqa: F401 - fixtures
from tests.jobbspar.factories import (
    EmploymentServiceFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)

# Sync Playwright runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested in test_settings); tests need speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def af(db):
    return EmploymentServiceFactory(name="Arbetsförmedlingen")


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Malmö stad")


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
def admin_user(db):
    return UserFactory(username="administrator", role=Role.ADMIN, organisation=None)


@pytest.fixture
def personas(af_coordinator, municipal_coordinator, job_coach, employer_user, manager, admin_user):
    """One signed-in-able user per role, keyed by role value."""
    return {
        Role.AF_COORDINATOR: af_coordinator,
        Role.MUNICIPAL_COORDINATOR: municipal_coordinator,
        Role.JOB_COACH: job_coach,
        Role.EMPLOYER: employer_user,
        Role.MANAGER: manager,
        Role.ADMIN: admin_user,
    }
