"""Rows of the API (/api/v1/): it takes API keys only, so a web session of any role - and the
anonymous visitor - gets 401 from every resource; the schema and its reference page are public.
What each API client may do is tested with keys in tests/api/."""

from __future__ import annotations

from tests.authorization.rows import Row, _member, _track, everyone


def _participant(world) -> dict:
    return {"pk": world["af_participant"].pk}


API_ROWS: dict[str, Row] = {
    "api:schema": Row(get=everyone(200)),
    "api:docs": Row(get=everyone(200)),
    "api:employer_list": Row(get=everyone(401)),
    "api:track_list": Row(get=everyone(401)),
    "api:track_detail": Row(get=everyone(401), kwargs=_track),
    # A body the API would accept from a client: from a web session, still 401.
    "api:pool": Row(
        get=everyone(401),
        kwargs=_track,
        post=everyone(401),
        body=lambda w: {"participant": w["af_participant"].pk, "motivation": "Passar"},
    ),
    "api:participant_create": Row(
        get=everyone(401),
        post=everyone(401),
        body=lambda w: {"personal_number": "19900101-0017", "name": "Ny", "gender": "woman"},
    ),
    "api:participant_detail": Row(get=everyone(401), kwargs=_participant),
    "api:member_move": Row(
        get=everyone(401),
        kwargs=_member,
        post=everyone(401),
        body=lambda w: {"to_state": "in_introduction"},
    ),
    "api:follow_up_list": Row(get=everyone(401)),
    "api:dashboard": Row(get=everyone(401)),
    "api:follow_up_answer": Row(
        get=everyone(401),
        kwargs=lambda w: {"pk": w["follow_up"].pk},
        post=everyone(401),
        body=lambda w: {
            "situation": "studying",
            "self_sufficient": True,
            "not_hired_reason": "Studerar",
        },
    ),
    "api:need_list": Row(get=everyone(401)),
    "api:phase_list": Row(get=everyone(401), kwargs=_track),
    "api:strand_list": Row(get=everyone(401), kwargs=_track),
    "api:employer_contacts": Row(get=everyone(401), kwargs=lambda w: {"pk": w["employer"].pk}),
    "api:need_profile": Row(get=everyone(401), kwargs=lambda w: {"pk": w["need"].pk}),
    # Any other address under /api/v1/: a problem-details 404 for everyone, GET or POST.
    "api:unknown": Row(
        get=everyone(404),
        post=everyone(404),
        kwargs=lambda w: {"rest": "nada/"},
        body=lambda w: {"name": "Ingenting"},
    ),
}
