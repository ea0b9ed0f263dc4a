"""The benchmark's floor view: one indexed query, only in benchmark mode."""

import pytest
from django.urls import reverse

from employers.models import Occupation

pytestmark = pytest.mark.django_db


def test_floor_is_not_found_outside_benchmark_mode(client, settings):
    settings.BENCHMARK = False
    assert client.get(reverse("bench_floor")).status_code == 404


def test_floor_runs_one_query_in_benchmark_mode(client, settings, django_assert_num_queries):
    settings.BENCHMARK = True
    occupation = Occupation.objects.get_or_create(
        code="5321", defaults={"name": "Undersköterskor"}
    )[0]
    with django_assert_num_queries(1):
        response = client.get(reverse("bench_floor"))
    assert response.status_code == 200
    assert occupation.name in response.content.decode()


def test_benchmark_mode_reports_the_query_count_of_a_signed_in_page(client, settings, personas):
    settings.BENCHMARK = True
    settings.MIDDLEWARE = ["jobbspar.middleware.QueryCountHeaderMiddleware", *settings.MIDDLEWARE]
    client.force_login(personas["af_coordinator"])
    response = client.get(reverse("bench_floor"))
    assert response.status_code == 200
    # Session, user, second factor, the floor query itself (and the first renewal's save).
    assert int(response["X-Query-Count"]) > 1
