"""The demo's employers side: its demo employers, their needs, agreements and meetings, and
the two shortage occupations in Malmö's county."""

import pytest

from employers.models import (
    ActionItem,
    Agreement,
    AgreementStatus,
    Criterion,
    EducationProvider,
    Employer,
    PlanningMeeting,
    RecruitmentNeed,
    ShortageOccupation,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_seed_demo_builds_the_employers():
    names = set(Employer.objects.values_list("name", flat=True))
    assert names == {
        "Omsorgshuset Söder AB",
        "Hamnlager Syd AB",
        "Öresundsbuss AB",
        "Restaurang Möllan AB",
        "Lundabageriet AB",  # Lund's partnership's
    }
    assert EducationProvider.objects.get().name == "Kompetenscentrum Syd AB"
    care = Employer.objects.get(name="Omsorgshuset Söder AB")
    assert care.organisation.users.filter(username="arbetsgivare").exists()
    need = care.needs.get()
    modes = set(Criterion.objects.filter(version__need=need).values_list("mode", flat=True))
    assert modes == {"required", "trained"}
    assert Agreement.objects.get(need=need).status == AgreementStatus.AGREED
    assert ActionItem.objects.filter(done=False).exists()
    # Three per demo employer, and the planning meeting of each demo track that has started
    # (tracks and dashboard demos: the dashboard's lead times are measured from them).
    assert PlanningMeeting.objects.exclude(title__startswith="Planering inför").count() == 12
    assert PlanningMeeting.objects.filter(title__startswith="Planering inför").count() == 5


def test_the_demo_has_two_shortage_occupations_in_malmos_county():
    shortages = ShortageOccupation.objects.select_related("occupation")
    assert sorted(s.occupation.code for s in shortages) == ["5321", "8331"]
    assert {s.region for s in shortages} == {"12"}
    care = RecruitmentNeed.objects.get(employer__name="Omsorgshuset Söder AB")
    assert care.partnership.region == "12"
