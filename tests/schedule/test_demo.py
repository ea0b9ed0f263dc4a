"""seed_demo gives the running demo track parallel strands and last week's attendance, once."""

import pytest
from django.core.management import call_command

from schedule.models import Attendance, Strand, StrandKind
from schedule.sessions import sessions_of

pytestmark = pytest.mark.django_db


def test_seed_demo_combines_training_language_and_apl_in_the_running_track(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Strand.objects.count(), Attendance.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Strand.objects.count(), Attendance.objects.count()) == counts
    strands = Strand.objects.filter(track__name="Vårdbiträden (pågår)")
    assert set(strands.values_list("kind", flat=True)) == {
        StrandKind.TRAINING,
        StrandKind.LANGUAGE,
        StrandKind.APL,
    }
    assert all(sessions_of(strand) for strand in strands)
    assert Attendance.objects.filter(status="absent_valid", reason="sick").exists()
    assert Attendance.objects.filter(status="partly").exists()
