"""Rows of the participants app."""

from __future__ import annotations

from jobbspar.models import Role
from tests.authorization.rows import COORDINATORS, STAFF, Row, _shared, only
from tests.dates import today

PARTICIPANTS_ROWS: dict[str, Row] = {
    # Participants: staff of the registering organisation and of an organisation with an active
    # consent. The rows use the participant AF registered and shared with the municipality;
    # tests/participants/test_visibility.py proves the 404s for participants not shared.
    "participants:participant_list": Row(get=only(STAFF)),
    "participants:participant_export": Row(get=only(COORDINATORS)),
    # Exporting the participants ticked on the list: a preview (its own body) to every role.
    "participants:participant_export_chosen": Row(
        get=only(COORDINATORS),
        post=dict.fromkeys(COORDINATORS, 200),
        body=lambda w: {"participants": [w["shared"].pk], "preview": "1"},
    ),
    "participants:participant_create": Row(
        get=only(COORDINATORS), post=dict.fromkeys(COORDINATORS, 200)
    ),
    # Without a pending registration in the session the consent step sends back to the form.
    "participants:consent_needed": Row(
        get=only(COORDINATORS, status=302), post=dict.fromkeys(COORDINATORS, 302)
    ),
    # Access requests: the world's municipal coordinator asked for a person AF registered.
    # Staff list their organisation's requests; AF's coordinators (the holder) release; the
    # asker (municipality) may withdraw its own; the receiving side cannot open the decision.
    "participants:access_request_list": Row(get=only(STAFF)),
    "participants:access_request_decide": Row(
        get={**only([Role.AF_COORDINATOR]), Role.MUNICIPAL_COORDINATOR: 404},
        kwargs=lambda world: {"pk": world["access_request"].pk},
        post={Role.AF_COORDINATOR: 302, Role.MUNICIPAL_COORDINATOR: 404},
        body=lambda world: {"action": "release", "release-scope": "without_notes"},
    ),
    "participants:access_request_withdraw": Row(
        get=only(STAFF, status=405),
        kwargs=lambda world: {"pk": world["access_request_to_withdraw"].pk},
        post={
            Role.MUNICIPAL_COORDINATOR: 302,
            Role.JOB_COACH: 403,  # neither the asker nor a coordinator
            Role.AF_COORDINATOR: 404,  # not its organisation's request
        },
    ),
    # The municipality sees the shared participant and may ask AF for more; AF holds the record
    # (403). The world's consent already covers the whole record, so the request is refused
    # with the form again.
    "participants:access_request_create": Row(
        get={**only(STAFF), Role.AF_COORDINATOR: 403},
        kwargs=_shared,
        post={Role.MUNICIPAL_COORDINATOR: 200, Role.JOB_COACH: 200, Role.AF_COORDINATOR: 403},
        body=lambda world: {
            "consent_given_on": today().isoformat(),
            "consent_method": "in_writing",
            "consent_taken_by": "Sara Malmö",
            "scope": "whole_record",
        },
    ),
    "participants:participant_detail": Row(get=only(STAFF), kwargs=_shared),
    "participants:participant_edit": Row(
        get=only(COORDINATORS), kwargs=_shared, post=dict.fromkeys(COORDINATORS, 200)
    ),
    "participants:background_edit": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:language_add": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:experience_add": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:language_delete": Row(
        get=only(STAFF, status=405),
        kwargs=lambda world: {"pk": world["shared"].pk, "item_pk": world["language"].pk},
        post=dict.fromkeys(STAFF, 302),
    ),
    "participants:experience_delete": Row(
        get=only(STAFF, status=405),
        kwargs=lambda world: {"pk": world["shared"].pk, "item_pk": world["experience"].pk},
        post=dict.fromkeys(STAFF, 302),
    ),
    "participants:note_create": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:plan_item_create": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:plan_item_edit": Row(
        get=only(STAFF),
        kwargs=lambda world: {"pk": world["shared"].pk, "item_pk": world["plan_item"].pk},
        post=dict.fromkeys(STAFF, 200),
    ),
    # Only the registering organisation's coordinators record a consent (AF registered it).
    "participants:consent_create": Row(
        get=only([Role.AF_COORDINATOR]),
        kwargs=_shared,
        post={Role.AF_COORDINATOR: 200, Role.MUNICIPAL_COORDINATOR: 403},
    ),
    "participants:consent_withdraw": Row(
        get=only(COORDINATORS),
        kwargs=lambda world: {"pk": world["shared"].pk, "consent_pk": world["consent"].pk},
        post=dict.fromkeys(COORDINATORS, 200),
    ),
    "participants:presentation_consent": Row(
        get=only(COORDINATORS), kwargs=_shared, post=dict.fromkeys(COORDINATORS, 200)
    ),
    # Only the registering organisation's coordinators (AF registered the shared participant).
    "participants:register_extract": Row(get=only([Role.AF_COORDINATOR]), kwargs=_shared),
    "participants:register_extract_pdf": Row(get=only([Role.AF_COORDINATOR]), kwargs=_shared),
    # Without the confirmation box ticked the form comes back (nothing is erased).
    "participants:participant_erase": Row(
        get=only([Role.AF_COORDINATOR]),
        kwargs=_shared,
        post={Role.AF_COORDINATOR: 200},
    ),
}
