from tests.authorization.world import world  # noqa: F401 - the fixture, for the tests here
