"""The running demo track's parallel strands, and the provider user who recorded last week's
attendance."""

import pytest
from django.urls import reverse

from jobbspar import two_factor
from jobbspar.demo import DEMO_PASSWORD
from jobbspar.models import Role, User
from schedule.models import Attendance, Strand, StrandKind
from schedule.sessions import sessions_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_seed_demo_combines_training_language_and_apl_in_the_running_track():
    strands = Strand.objects.filter(track__name="Vårdbiträden (pågår)")
    assert set(strands.values_list("kind", flat=True)) == {
        StrandKind.TRAINING,
        StrandKind.LANGUAGE,
        StrandKind.APL,
    }
    assert all(sessions_of(strand) for strand in strands)
    assert Attendance.objects.filter(status="absent_valid", reason="sick").exists()
    assert Attendance.objects.filter(status="partly").exists()


def test_seed_demo_has_a_provider_user_who_recorded_last_weeks_attendance(client):
    utbildare = User.objects.get(username="utbildare")
    assert utbildare.role == Role.EDUCATION_PROVIDER
    assert utbildare.organisation.name == "Kompetenscentrum Syd AB"
    # The same password and two-step sign-in as the employer demo user.
    arbetsgivare = User.objects.get(username="arbetsgivare")
    assert utbildare.check_password(DEMO_PASSWORD) and arbetsgivare.check_password(DEMO_PASSWORD)
    assert two_factor.has_device(utbildare) and two_factor.has_device(arbetsgivare)
    assert two_factor.required_for(utbildare) == two_factor.required_for(arbetsgivare)
    provided = Strand.objects.filter(provider__organisation=utbildare.organisation)
    assert set(provided.values_list("kind", flat=True)) == {
        StrandKind.TRAINING,
        StrandKind.LANGUAGE,
    }
    recorded = Attendance.objects.filter(strand__in=provided)
    assert recorded.exists()
    assert set(recorded.values_list("recorded_by", flat=True)) == {utbildare.pk}
    days = set(recorded.values_list("day", flat=True))
    assert len({day.isocalendar().week for day in days}) == 1
    client.force_login(utbildare)
    training = provided.get(kind=StrandKind.TRAINING)
    page = client.get(
        reverse("schedule:provider_attendance", args=[training.pk]),
        {"day": min(days).isoformat()},
    )
    assert page.status_code == 200
    assert page.context["rows"] and all(row["entry"] for row in page.context["rows"])
