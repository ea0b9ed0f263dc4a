"""The N+1 detector (django-zeal) watches every request in the test suite."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from zeal.errors import NPlusOneError
from zeal.middleware import zeal_middleware

from participants.models import Participant
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _page(select_related: bool):
    def view(request):
        participants = Participant.objects.all()
        if select_related:
            participants = participants.select_related("registered_by")
        return HttpResponse(", ".join(str(p.registered_by) for p in participants))

    return zeal_middleware(view)


def test_the_detector_is_in_the_test_middleware():
    assert "zeal.middleware.zeal_middleware" in settings.MIDDLEWARE
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_a_page_that_loads_a_relation_per_row_fails():
    ParticipantFactory.create_batch(3)
    with pytest.raises(NPlusOneError):
        _page(select_related=False)(RequestFactory().get("/"))


def test_the_same_page_with_select_related_passes():
    ParticipantFactory.create_batch(3)
    assert _page(select_related=True)(RequestFactory().get("/")).status_code == 200
