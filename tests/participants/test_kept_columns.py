"""The language levels kept on a person's row by the database for candidate matching
(participants/models/kept.py): in step whoever writes, never put back by a writer holding an
old row, no change of the record's version or history."""

import pytest

from participants.models import OtherLanguage, Participant
from participants.models import kept as kept_module
from participants.models.kept import language_level
from tests.connections import write_people_with_triggers_off
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _levels(person: Participant) -> set[str]:
    return set(Participant.objects.values_list("language_levels", flat=True).get(pk=person.pk))


def test_a_language_added_changed_moved_and_removed():
    person, other = ParticipantFactory(), ParticipantFactory()
    arabic = OtherLanguage.objects.create(participant=person, language="arabiska", level="c1")
    OtherLanguage.objects.create(participant=person, language=" Bosniska", level="b1")
    assert _levels(person) == {" BOSNISKA b1", "ARABISKA c1"}
    arabic.level = "native"
    arabic.save()
    assert _levels(person) == {" BOSNISKA b1", "ARABISKA native"}
    OtherLanguage.objects.filter(pk=arabic.pk).update(language="Somaliska")
    assert _levels(person) == {" BOSNISKA b1", "SOMALISKA native"}
    OtherLanguage.objects.filter(pk=arabic.pk).update(participant=other)
    assert _levels(person) == {" BOSNISKA b1"}
    assert _levels(other) == {"SOMALISKA native"}
    OtherLanguage.objects.filter(participant=person).delete()
    assert _levels(person) == set()
    assert kept_module.differing_languages() == 0


def test_the_element_is_what_the_database_writes_and_upper_is_postgresqls():
    person = ParticipantFactory()
    OtherLanguage.objects.create(participant=person, language="tigrinja", level="b2")
    OtherLanguage.objects.create(participant=person, language="ölandska", level="a1")
    assert language_level("tigrinja", "b2") in _levels(person)
    assert "ÖLANDSKA a1" in _levels(person)


def test_a_writer_holding_an_old_row_cannot_put_old_levels_back():
    person = ParticipantFactory()
    loaded = Participant.objects.get(pk=person.pk)  # read before the language
    OtherLanguage.objects.create(participant=person, language="dari", level="c2")
    loaded.phone = "070-000 00 00"
    loaded.save()
    assert _levels(person) == {"DARI c2"}
    Participant.objects.filter(pk=person.pk).update(language_levels=["SVENSKA native"])
    assert _levels(person) == {"DARI c2"}


def test_a_change_of_the_levels_alone_is_no_change_of_the_record():
    person = ParticipantFactory()
    version = Participant.objects.get(pk=person.pk).version
    events = person.record_events.count()
    OtherLanguage.objects.create(participant=person, language="persiska", level="b2")
    assert Participant.objects.get(pk=person.pk).version == version
    assert person.record_events.count() == events
    # A save of the record with nothing changed still moves the version, as before.
    Participant.objects.get(pk=person.pk).save()
    assert Participant.objects.get(pk=person.pk).version == version + 1


def test_written_again_from_the_languages():
    person = ParticipantFactory()
    OtherLanguage.objects.create(participant=person, language="kurdiska", level="b1")
    write_people_with_triggers_off(
        "UPDATE participants_participant SET language_levels = '{}' WHERE id = %s",
        [person.pk],
    )
    assert kept_module.differing_languages() == 1
    assert kept_module.write_languages() == 1
    assert kept_module.differing_languages() == 0
    assert _levels(person) == {"KURDISKA b1"}


def test_the_kept_columns_are_not_in_the_records_history_nor_editable():
    event_fields = {f.name for f in Participant.record_events.rel.related_model._meta.fields}
    assert not event_fields & set(kept_module.KEPT_FIELDS)
    assert not any(Participant._meta.get_field(name).editable for name in kept_module.KEPT_FIELDS)


def test_a_new_row_brings_no_value_of_its_own():
    person = ParticipantFactory(language_levels=["ARABISKA native"])
    assert _levels(person) == set()
