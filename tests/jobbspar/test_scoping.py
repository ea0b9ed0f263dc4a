"""Fail-loud scoping: in a web request, a sensitive model queried without jobbspar.access raises
UnscopedQueryError (with what to do instead) rather than leaking another organisation's data."""

import datetime as dt

import pghistory.models
import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count

from jobbspar import access, scoping
from jobbspar.scoping import ScopedManager, UnscopedQueryError
from participants.models import CaseNote, NoteKind, Participant
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory
from tracks.models import Track

pytestmark = pytest.mark.django_db

THROWAWAY = pytest.mark.urls("tests.jobbspar.scoping_urls")


@pytest.fixture
def signed_in(client, af_coordinator):
    client.force_login(af_coordinator)
    return client


@THROWAWAY
def test_a_forgotten_filter_in_a_view_raises_and_says_what_to_do(signed_in, municipality):
    ParticipantFactory(registered_by=municipality, name="Hemlig Person")
    with pytest.raises(UnscopedQueryError) as raised:
        signed_in.get("/forgot/")
    message = str(raised.value)
    assert "participants.Participant" in message
    assert "jobbspar.access.participants_for(user)" in message
    assert 'jobbspar.access.unscoped("why")' in message


@THROWAWAY
def test_a_forgotten_filter_on_a_count_raises(signed_in):
    TrackFactory()
    with pytest.raises(UnscopedQueryError, match=r"jobbspar\.access\.tracks_for"):
        signed_in.get("/forgot-count/")


@THROWAWAY
def test_a_queryset_from_access_works_after_filter_order_and_values(signed_in, af, municipality):
    ParticipantFactory(registered_by=af, name="Amina")
    ParticipantFactory(registered_by=municipality, name="Anders")  # not shared with AF
    assert signed_in.get("/scoped/").content.decode() == "Amina"


@THROWAWAY
def test_related_manager_of_an_obtained_object_is_in_scope(signed_in, af, af_coordinator):
    participant = ParticipantFactory(registered_by=af)
    CaseNote.objects.create(
        participant=participant,
        author=af_coordinator,
        organisation=af,
        kind=NoteKind.MEETING,
        written_on=dt.date(2026, 1, 5),
        text="Samtal",
    )
    assert signed_in.get(f"/related/{participant.pk}/").content.decode() == "1"


@THROWAWAY
def test_related_manager_of_an_object_not_obtained_through_access_is_not(signed_in):
    with pytest.raises(UnscopedQueryError, match="CaseNote"):
        signed_in.get("/organisation-notes/")


@THROWAWAY
def test_get_by_id_without_access_raises(signed_in, municipality, municipal_coordinator):
    note = CaseNote.objects.create(
        participant=ParticipantFactory(registered_by=municipality),
        author=municipal_coordinator,
        organisation=municipality,
        kind=NoteKind.MEETING,
        written_on=dt.date(2026, 1, 5),
        text="Känsligt",
    )
    with pytest.raises(UnscopedQueryError):
        signed_in.get(f"/note/{note.pk}/")


@THROWAWAY
def test_combining_a_scoped_and_an_unscoped_queryset_is_unscoped(signed_in):
    ParticipantFactory()
    with pytest.raises(UnscopedQueryError):
        signed_in.get("/mixed/")


@THROWAWAY
def test_a_named_opt_out_works(signed_in, municipality):
    ParticipantFactory(registered_by=municipality)
    assert signed_in.get("/unscoped/").content.decode() == "1"


def test_an_opt_out_needs_a_reason():
    with pytest.raises(ValueError), access.unscoped(" "):
        pass


def test_outside_a_request_nothing_is_checked():
    """Jobs, commands, migrations and test setup have no user to scope to."""
    TrackFactory()
    assert Track.objects.count() == 1
    assert not scoping.checking()


def test_inside_a_request_scope_the_checks_apply_to_every_way_of_running_a_query(af_coordinator):
    TrackFactory()
    with scoping.request_scope():
        assert scoping.checking()
        for run in (
            lambda: list(Track.objects.all()),
            lambda: Track.objects.first(),
            lambda: Track.objects.exists(),
            lambda: Track.objects.aggregate(n=Count("pk")),
            lambda: list(Track.objects.values_list("pk", flat=True)),
            lambda: list(Track.objects.iterator()),
            lambda: Track.objects.update(name="x"),
            lambda: Track.objects.all().delete(),
        ):
            with pytest.raises(UnscopedQueryError):
                run()
        # The same through access: allowed, however it is chained.
        scoped = access.tracks_for(af_coordinator).filter(weeks__gte=1).order_by("name")
        assert scoped.exclude(pk=0).select_related("employer").count() == 1
        assert list(access.tracks_for(AnonymousUser())) == []
    assert Track.objects.get().name != "x"


def test_every_model_of_the_case_apps_is_scoped():
    """A new model in participants, tracks or employers must be scoped (or listed here, with a
    reason): a forgotten filter on it would otherwise pass silently."""
    not_sensitive = {
        "employers.occupation",  # the public SSYK classification
    }
    unscoped_models = [
        model._meta.label_lower
        for app in ("participants", "tracks", "employers")
        for model in apps.get_app_config(app).get_models()
        if not isinstance(model._default_manager, ScopedManager)
        and model._meta.label_lower not in not_sensitive
        and not issubclass(model, pghistory.models.Event)  # write history: jobbspar.audit
        and not model._meta.auto_created  # many-to-many tables
    ]
    assert unscoped_models == []
    assert isinstance(Participant._default_manager, ScopedManager)


def test_the_admin_is_opted_out_for_administrators(admin_client):
    TrackFactory()
    assert admin_client.get("/admin/tracks/track/").status_code == 200
