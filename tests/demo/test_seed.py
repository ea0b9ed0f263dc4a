"""seed_demo is idempotent, over every table, and the demo has a user for every role in two
partnerships. (Outside demo mode it refuses: tests/jobbspar/test_roles_and_seed.py.)"""

import pytest

from jobbspar.models import Organisation, Partnership, Role, User
from tests.demo.conftest import follow_up_dates, row_counts

pytestmark = pytest.mark.django_db


def test_seeding_a_second_time_changes_nothing(demo):
    # The package's fixture seeded twice (a second `make run`): every table has the rows the
    # first seeding left, and the follow-ups are due and answered as they were.
    assert row_counts() == demo.counts
    assert follow_up_dates() == demo.follow_ups
    # The comparison sees the demo: most tables have rows, the follow-ups among them.
    assert sum(1 for rows in demo.counts.values() if rows) >= 60
    assert demo.follow_ups


@pytest.mark.usefixtures("demo")
def test_the_demo_has_every_role_in_two_partnerships():
    demo_users = {u.username: u.role for u in User.objects.filter(is_demo=True)}
    assert demo_users == {
        "samordnare.af": Role.AF_COORDINATOR,
        "samordnare.malmo": Role.MUNICIPAL_COORDINATOR,
        "jobbcoach": Role.JOB_COACH,
        "arbetsgivare": Role.EMPLOYER,
        "chef": Role.MANAGER,
        "admin": Role.ADMIN,
        "samordnare.lund": Role.MUNICIPAL_COORDINATOR,  # the second partnership's
        "utbildare": Role.EDUCATION_PROVIDER,
    }
    partnerships = {
        p.name: (p.employment_service.name, p.municipality.name)
        for p in Partnership.objects.select_related("employment_service", "municipality")
    }
    assert partnerships == {
        "AF Malmö + Malmö stad": ("Arbetsförmedlingen", "Malmö stad"),
        "AF Lund + Lunds kommun": ("Arbetsförmedlingen Lund", "Lunds kommun"),
    }
    for org in Organisation.objects.all():
        org.full_clean()  # demo organisation numbers have valid check digits
