"""Names for the world's people that no generated name can equal or hold.

The world's other people (the personas, the contacts) get Faker's names, which change from test to
test (and when a test is renamed); a test that asks whether a person's name is on a page
(tests/participants/test_read_audit.py) would otherwise fail when a generated name happened to
equal or contain a participant's."""


def world_name(first: str) -> str:
    """A participant's name for the world: a first name of the world's own, distinct from every
    other participant's and not the start or end of another's, and a surname Faker has not."""
    return f"{first} Världsdeltagare"
