import pytest

from tests.participants.factories import ConsentFactory, ParticipantFactory


@pytest.fixture
def people(af, municipality, af_coordinator):
    """One participant per organisation, and one AF shares with the municipality by consent."""
    af_only = ParticipantFactory(name="Amina Hassan", registered_by=af)
    municipal_only = ParticipantFactory(
        name="Johan Persson", registered_by=municipality, receives_income_support=True
    )
    shared = ParticipantFactory(
        name="Olena Kovalenko", registered_by=af, receives_income_support=True
    )
    consent = ConsentFactory(
        participant=shared, shared_with=municipality, recorded_by=af_coordinator
    )
    return {"af": af_only, "municipal": municipal_only, "shared": shared, "consent": consent}
