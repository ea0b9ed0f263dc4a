import pytest

from tests.portal.factories import portal_track


@pytest.fixture
def own(employer_user, af_coordinator):
    """The employer user's blind track: four presented candidates, one in APL, one completed."""
    track, members = portal_track(
        organisation=employer_user.organisation,
        coordinator=af_coordinator,
        presented=4,
        selected=1,
        completed=1,
        name="Undersköterskor Söder",
    )
    return {"track": track, "members": members}


@pytest.fixture
def other(other_employer_user, af_coordinator):
    """Another employer's track with candidates in every portal-visible state."""
    track, members = portal_track(
        organisation=other_employer_user.organisation,
        coordinator=af_coordinator,
        presented=2,
        selected=1,
        completed=1,
        blind=False,
        name="Lagerarbetare Hamnen",
    )
    return {"track": track, "members": members}
