"""The factories' random names follow from the test's id (tests/conftest.py)."""

import zlib

import factory.random

from tests.participants.factories import ParticipantFactory


def test_a_tests_names_are_the_same_whatever_ran_before_it(request):
    first = [ParticipantFactory.build().name for _ in range(3)]
    ParticipantFactory.build()  # as if another test had drawn names in between
    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))
    assert [ParticipantFactory.build().name for _ in range(3)] == first


def test_another_test_draws_other_names(request):
    mine = [ParticipantFactory.build().name for _ in range(3)]
    factory.random.reseed_random(zlib.crc32(b"tests/another.py::test_other"))
    assert [ParticipantFactory.build().name for _ in range(3)] != mine
