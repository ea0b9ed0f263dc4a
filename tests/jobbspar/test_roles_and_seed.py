import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from jobbspar.models import Role, User
from jobbspar.roles import ROLE_PERMISSIONS, assign_role, sync_role_groups
from tests.jobbspar.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_has_a_group_with_its_permissions():
    sync_role_groups()
    for role in Role:
        group = Group.objects.get(name=role.value)
        if ROLE_PERMISSIONS[role] != ["*"]:
            codes = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
            assert codes == set(ROLE_PERMISSIONS[role])
    assert Group.objects.get(name=Role.ADMIN).permissions.count() > 20


def test_assign_role_moves_the_user_between_groups(af_coordinator, municipality):
    af_coordinator.organisation = municipality
    af_coordinator.save()
    assign_role(af_coordinator, Role.MANAGER)
    assert list(af_coordinator.groups.values_list("name", flat=True)) == [Role.MANAGER]
    assert not af_coordinator.is_staff
    assign_role(af_coordinator, Role.ADMIN)
    assert af_coordinator.is_staff and af_coordinator.is_superuser


def test_users_other_than_administrators_need_an_organisation():
    with pytest.raises(IntegrityError):
        User.objects.create(username="orphan", role=Role.AF_COORDINATOR, organisation=None)


def test_role_must_match_the_kind_of_organisation():
    user = UserFactory.build(
        role=Role.EMPLOYER, organisation=OrganisationFactory(kind="municipality")
    )
    with pytest.raises(Exception, match="kan inte höra till"):
        user.full_clean()


def test_seed_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo")
    assert not User.objects.filter(is_demo=True).exists()
