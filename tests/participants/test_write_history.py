"""Every write to a participant's data or case records is in the history, bulk ones included."""

import pghistory.models
import pytest
from django.http import HttpResponse

from jobbspar.audit import AuditContextMiddleware, changes_of
from participants.models import (
    CaseNote,
    Consent,
    OtherLanguage,
    Participant,
    PlanItem,
    WorkExperience,
)
from tests.participants.factories import (
    CaseNoteFactory,
    ConsentFactory,
    ParticipantFactory,
    PlanItemFactory,
)

pytestmark = pytest.mark.django_db

TRACKED = [Participant, OtherLanguage, WorkExperience, CaseNote, PlanItem, Consent]


@pytest.mark.parametrize("model", TRACKED, ids=lambda m: m.__name__)
def test_model_has_insert_update_and_delete_history(model):
    assert set(model.pgh_event_models) >= {"insert", "update", "delete"}


def _in_request(rf, user, path, action):
    def view(request):
        action()
        return HttpResponse()

    request = rf.post(path)
    request.user = user
    AuditContextMiddleware(view)(request)


def test_bulk_update_and_delete_of_case_records_carry_user_and_organisation(rf, af, af_coordinator):
    participant = ParticipantFactory(registered_by=af, name="Amina Hassan")
    note = CaseNoteFactory(participant=participant, author=af_coordinator)
    PlanItemFactory(participant=participant, created_by=af_coordinator)
    ConsentFactory(participant=participant, recorded_by=af_coordinator)

    _in_request(
        rf,
        af_coordinator,
        "/participants/bulk/",
        lambda: Participant.objects.filter(pk=participant.pk).update(name="Amina H."),
    )
    latest = changes_of(participant).first()
    assert latest.pgh_label == "update"
    assert latest.pgh_data["name"] == "Amina H."
    assert latest.pgh_context["user"] == af_coordinator.pk
    assert latest.pgh_context["organisation"] == af_coordinator.organisation_id
    assert latest.pgh_context["url"] == "/participants/bulk/"

    note_pk = note.pk
    _in_request(
        rf,
        af_coordinator,
        "/participants/notes/delete/",
        lambda: (
            CaseNote.objects.filter(participant=participant).delete(),
            PlanItem.objects.filter(participant=participant).delete(),
            Consent.objects.filter(participant=participant).delete(),
        ),
    )
    deleted_note = CaseNote.pgh_event_models["delete"].objects.get(
        pgh_obj_id=note_pk, pgh_label="delete"
    )
    assert deleted_note.text == note.text
    assert deleted_note.pgh_context.metadata["user"] == af_coordinator.pk
    for model in (PlanItem, Consent):
        assert model.pgh_event_models["delete"].objects.filter(pgh_label="delete").count() == 1


def test_deleting_a_participant_keeps_their_history(af):
    participant = ParticipantFactory(registered_by=af)
    pk = participant.pk
    Participant.objects.filter(pk=pk).delete()
    labels = set(
        pghistory.models.Events.objects.filter(
            pgh_model="participants.ParticipantRecordEvent", pgh_obj_id=str(pk)
        ).values_list("pgh_label", flat=True)
    )
    assert labels == {"insert", "delete"}
