from tests.authorization.world import world  # noqa: F401 - the matrix's objects, for the tests here
from tests.canary.canary import canary  # noqa: F401 - the canary participant, for the tests here
