"""Fail-loud scoping: in a web request, a sensitive model queried without an access function raises
UnscopedQueryError (with what to do instead) rather than leaking another organisation's data."""

import ast
import datetime as dt
from pathlib import Path

import pghistory.models
import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Count

from jobbspar import access, scoping
from jobbspar.scoping import ScopedManager, UnscopedQueryError
from participants import access as participants_access
from participants.models import CaseNote, NoteKind, OtherLanguage, Participant
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory
from tracks import access as tracks_access
from tracks.models import Track, TrackParticipant

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
    assert "participants.access.participants_for(user)" in message
    assert 'jobbspar.access.unscoped("why")' in message


@THROWAWAY
def test_a_forgotten_filter_on_a_count_raises(signed_in):
    TrackFactory()
    with pytest.raises(UnscopedQueryError, match=r"tracks\.access\.tracks_for"):
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
        scoped = tracks_access.tracks_for(af_coordinator).filter(weeks__gte=1).order_by("name")
        assert scoped.exclude(pk=0).select_related("employer").count() == 1
        assert list(tracks_access.tracks_for(AnonymousUser())) == []
    assert Track.objects.get().name != "x"


def test_every_model_of_the_case_apps_is_scoped():
    """A new model in participants, tracks, employers, schedule, steering or imports must be
    scoped (or listed here, with a reason): a forgotten filter on it would otherwise pass
    silently."""
    not_sensitive = {
        "employers.occupation",  # the public SSYK classification
        "employers.shortageoccupation",  # public: AF's forecasts of shortage occupations
    }
    unscoped_models = [
        model._meta.label_lower
        for app in ("participants", "tracks", "employers", "schedule", "steering", "imports")
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


# --- Ways round the access functions that used to pass (issue 15, point 5) -------------------


@THROWAWAY
def test_a_generic_view_behind_the_role_mixin_is_not_trusted(signed_in):
    ParticipantFactory()
    with pytest.raises(UnscopedQueryError, match=r"participants\.Participant"):
        signed_in.get("/generic-list/")


@THROWAWAY
@pytest.mark.parametrize("how", ["union", "intersection", "difference"])
def test_combining_a_scoped_queryset_with_an_unscoped_one_raises(signed_in, af, how):
    ParticipantFactory(registered_by=af)
    with pytest.raises(UnscopedQueryError, match=r"participants\.Participant"):
        signed_in.get(f"/combined/{how}/")


@THROWAWAY
@pytest.mark.parametrize("how", ["in", "exists", "subquery"])
def test_an_unscoped_queryset_inside_another_query_raises(signed_in, how):
    ParticipantFactory()
    with pytest.raises(UnscopedQueryError, match=r"participants\.Participant"):
        signed_in.get(f"/inside/{how}/")


def test_an_unscoped_subquery_inside_a_scoped_queryset_raises(af_coordinator):
    TrackFactory()
    with scoping.request_scope():
        tracks = tracks_access.tracks_for(af_coordinator)
        assert (
            tracks.filter(pk__in=tracks_access.tracks_for(af_coordinator).values("pk")).count() == 1
        )
        with pytest.raises(UnscopedQueryError, match=r"tracks\.TrackParticipant"):
            tracks.filter(pk__in=TrackParticipant.objects.values("track")).count()
        with pytest.raises(UnscopedQueryError, match=r"tracks\.Track"):
            # `|` keeps the mark only when both sides have it.
            list(tracks | Track.objects.all())


@THROWAWAY
@pytest.mark.parametrize("through", ["access", "model"])
def test_raw_sql_raises_even_on_a_scoped_queryset(signed_in, af, through):
    """Raw SQL ignores the queryset's filters, so a scoped queryset does not make it safe."""
    ParticipantFactory(registered_by=af)
    with pytest.raises(UnscopedQueryError, match=r"participants\.Participant"):
        signed_in.get(f"/raw/{through}/")


def test_raw_sql_runs_in_a_named_opt_out(af_coordinator):
    ParticipantFactory()
    with scoping.request_scope(), access.unscoped("test: raw SQL on purpose"):
        assert len(list(Participant.objects.raw("SELECT * FROM participants_participant"))) == 1


@THROWAWAY
def test_a_streamed_response_is_checked_while_it_is_sent(signed_in, af):
    ParticipantFactory(registered_by=af, name="Amina")
    response = signed_in.get("/streamed/model/")
    with pytest.raises(UnscopedQueryError, match=r"participants\.Participant"):
        b"".join(response.streaming_content)


@THROWAWAY
def test_a_streamed_response_from_access_is_sent(signed_in, af, municipality):
    ParticipantFactory(registered_by=af, name="Amina")
    ParticipantFactory(registered_by=municipality, name="Anders")
    response = signed_in.get("/streamed/access/")
    assert b"".join(response.streaming_content).decode() == "name\nAmina\n"
    # The scope ends with the response: nothing is left checking afterwards.
    assert not scoping.checking()


@THROWAWAY
@pytest.mark.parametrize("url", ["hand-built", "loaded-unscoped", "refetch-hand-built"])
def test_an_object_not_loaded_through_access_gives_no_scope(signed_in, af, url):
    """Related managers and refetch trust only an object a marked queryset loaded: not one
    built by hand with someone's id, nor one loaded in an opt-out block."""
    participant = ParticipantFactory(registered_by=af)
    with pytest.raises(UnscopedQueryError, match=r"participants\.(CaseNote|Participant)"):
        signed_in.get(f"/{url}/{participant.pk}/")


def test_only_objects_loaded_by_a_marked_queryset_are_stamped(af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    with scoping.request_scope():
        loaded = participants_access.participants_for(af_coordinator).get(pk=participant.pk)
        assert scoping.loaded_in_scope(loaded)
        assert loaded.notes.count() == 0
        assert access.refetch(loaded).get() == loaded
        assert not scoping.loaded_in_scope(Participant(pk=participant.pk))
        # A foreign key from a stamped object passes the stamp on; from a hand-built one not.
        note = CaseNote.objects.create(
            participant=participant,
            author=af_coordinator,
            organisation=af,
            kind=NoteKind.MEETING,
            written_on=dt.date(2026, 1, 5),
            text="Samtal",
        )
        assert scoping.loaded_in_scope(note)  # just inserted by this code
        assert scoping.loaded_in_scope(loaded.notes.get().participant)
        assert not scoping.loaded_in_scope(CaseNote(participant_id=participant.pk).participant)
        with pytest.raises(UnscopedQueryError):
            CaseNote(pk=note.pk, participant_id=participant.pk).participant.notes.count()
        # Values are not objects: nothing to stamp, and nothing to follow.
        assert list(
            participants_access.participants_for(af_coordinator).values_list("pk", flat=True)
        ) == [participant.pk]


def test_unique_and_constraint_validation_works_in_a_request(af):
    """Django's integrity checks query the default manager; ScopedModel runs them by name."""
    taken = ParticipantFactory(registered_by=af)
    OtherLanguage.objects.create(participant=taken, language="tigrinja")
    with scoping.request_scope():
        with pytest.raises(ValidationError, match="personal"):
            Participant(personal_number=taken.personal_number).validate_unique()
        with pytest.raises(ValidationError):
            OtherLanguage(participant=taken, language="tigrinja").validate_constraints()
        # Nothing else was opted out on the way.
        assert scoping.checking()


def test_every_scoped_model_validates_integrity_by_name():
    """A model with a ScopedManager needs ScopedModel, or its forms' unique checks raise."""
    missing = [
        model._meta.label
        for model in apps.get_models()
        if isinstance(model._default_manager, ScopedManager)
        and not issubclass(model, scoping.ScopedModel)
    ]
    assert missing == []


# --- Only the access modules mark querysets --------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
MARK_NAMES = {"scoped", "_access_mark", "_loaded_in_scope", "_STAMP", "ScopedQuery"}


def _is_access_module(path: Path) -> bool:
    return path.name == "access.py" and path.parent.parent == ROOT


def _uses_of_the_mark(path: Path) -> list[str]:
    """Where a module names `scoping.scoped` or the mark's attributes."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("scoping"):
            found += [f"import {a.name}" for a in node.names if a.name in MARK_NAMES]
        elif isinstance(node, ast.Attribute) and node.attr in MARK_NAMES:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Constant) and node.value in MARK_NAMES - {"scoped"}:
            found.append(f"line {node.lineno}: {node.value!r}")
    return sorted(found)


def _project_modules() -> list[Path]:
    skip = {".venv", ".data", "tests", "node_modules", "migrations"}
    return [
        path
        for path in ROOT.rglob("*.py")
        if not skip & set(path.relative_to(ROOT).parts) and path != ROOT / "jobbspar" / "scoping.py"
    ]


def test_only_access_modules_mark_querysets():
    """CI: a view, form or domain module cannot reach a scoped model except through an access
    function (or a named `unscoped` block): only jobbspar/access.py and <app>/access.py may
    call `scoped(Model)` or touch the mark."""
    modules = _project_modules()
    assert ROOT / "jobbspar" / "access.py" in modules
    offenders = {
        str(path.relative_to(ROOT)): uses
        for path in modules
        if not _is_access_module(path) and (uses := _uses_of_the_mark(path))
    }
    assert offenders == {}


def test_the_mark_check_finds_a_module_that_marks(tmp_path):
    """The CI check above is not vacuous: it sees each way of naming the mark."""
    module = tmp_path / "views.py"
    module.write_text(
        "from jobbspar.scoping import scoped\n"
        "from jobbspar import scoping\n"
        "a = scoping.scoped(Participant)\n"
        "a.query._access_mark = True\n"
        "setattr(b, '_loaded_in_scope', True)\n"
    )
    assert _uses_of_the_mark(module) == [
        "import scoped",
        "line 3: .scoped",
        "line 4: ._access_mark",
        "line 5: '_loaded_in_scope'",
    ]
    assert _uses_of_the_mark(ROOT / "jobbspar" / "access.py")
    assert _is_access_module(ROOT / "jobbspar" / "access.py")
    assert _is_access_module(ROOT / "participants" / "access.py")
    assert not _is_access_module(ROOT / "participants" / "views.py")
