"""POST with a valid body: per URL, a body its form accepts and the state it changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.authorization.bodies import _count, _in_days, _member_state, _today, _version
from tests.authorization.bodies_bulk import (
    _bulk_nominate,
    _bulk_present,
    _bulk_remind,
    _member_state_of,
    _nominated,
    _reminders,
)
from tests.authorization.bodies_employers import (
    _action_item_create,
    _action_item_done,
    _agreement_confirmations,
    _agreement_create,
    _agreement_edit,
    _agreement_read_and_agreed,
    _agreement_send,
    _agreements,
    _contact_user,
    _contacts,
    _criterion_create,
    _employer_create,
    _employer_edit,
    _meeting_create,
    _meeting_edit,
    _need_create,
    _need_edit,
    _needs,
    _profile,
    _provider_contact_user,
    _provider_contacts,
    _provider_create,
    _provider_edit,
    _sent_at,
)
from tests.authorization.bodies_imports import (
    _import_batch_kept,
    _import_batches,
    _import_commit_body,
    _import_mapping,
    _import_mapping_body,
    _import_upload,
)
from tests.authorization.bodies_participants import (
    _access_request_status,
    _anonymised,
    _background_edit,
    _consent_create,
    _consent_state,
    _experience_add,
    _participant_create,
    _participant_edit,
    _pending_registration,
    _plan_item_create,
    _plan_item_edit,
    _presentation_consent,
    _records_of,
)
from tests.authorization.bodies_schedule import (
    _attendance,
    _attendance_day,
    _attendance_query,
    _calendar_feeds,
    _employer_attendance,
    _employer_attendance_query,
    _employer_attendance_week,
    _exception_add,
    _exceptions,
    _pattern,
    _pattern_edit,
    _provider_attendance,
    _provider_attendance_body,
    _provider_attendance_query,
    _provider_progress,
    _provider_progress_body,
    _strand_create,
    _strand_edit,
    _strands,
    _template_apply,
    _template_strands,
)
from tests.authorization.bodies_site import (
    _authenticator_reset,
    _confirmed_authenticators,
    _enrol_anew,
    _notification_read,
    _one_more_unread,
    _preferences,
    _renewed_a_moment_ago,
    _sessions_renewed_at,
    _unread,
)
from tests.authorization.bodies_steering import (
    _budget_amount,
    _budgets,
    _cost_create,
    _costs,
    _decision_create,
    _decision_done,
    _decision_edit,
    _draw_downs,
    _follow_up_on,
    _members,
    _members_body,
    _minutes,
    _placement_target,
    _steering_decisions,
    _steering_meeting_edit,
    _steering_meetings,
)
from tests.authorization.bodies_tracks import (
    _apl_comments,
    _apl_entry_add,
    _apl_log_add,
    _apl_log_edit,
    _apl_member_mentor,
    _apl_mentor_body,
    _apl_note,
    _apl_portal_note,
    _bulk_move,
    _decided_candidate,
    _decisions,
    _follow_up,
    _funding_amounts,
    _funding_edit,
    _member_states,
    _nominee,
    _phase_create,
    _phase_edit,
    _progress_edit,
    _track_closing,
    _track_create,
    _track_edit,
    _track_records,
    _track_status,
    _without_progress,
)

# --- POST with a valid body: allowed roles change something, denied roles change nothing -----
#
# The matrix (matrix.py) posts an empty body, which proves the refusals but lets an allowed role
# re-render a form without saving. Here each URL gets a body its form accepts and a reading of
# the state it changes (from the database, outside any request).


@dataclass
class ValidPost:
    body: Callable[[Any, str], dict]  # (world, role) -> a body the form accepts
    effect: Callable[[Any], Any]  # world -> the state the POST changes
    query: Callable[[Any], str] = lambda w: ""  # world -> a query string the page needs
    # (world, role) -> what the page needs in the posting user's session (set before the POST)
    session: Callable[[Any, str], dict] = lambda w, role: {}


VALID_POSTS: dict[str, ValidPost] = {
    # First: a newer version of the world's agreement (agreement_create) cannot be confirmed.
    "employers:agreement_confirm": ValidPost(
        body=lambda w, role: {"party": "municipality", "confirmed_by_name": "Kim Ek, enhetschef"},
        effect=_agreement_confirmations,
    ),
    "employers:agreement_send": ValidPost(body=_agreement_send, effect=_sent_at),
    "participants:access_request_withdraw": ValidPost(
        body=lambda w, role: {}, effect=_access_request_status
    ),
    "participants:consent_needed": ValidPost(
        body=lambda w, role: {
            "consent_given_on": _today(),
            "consent_method": "in_writing",
            "consent_taken_by": "Sara Malmö",
            "scope": "whole_record",
        },
        effect=_count("participants.AccessRequest"),
        session=_pending_registration,
    ),
    "participants:consent_create": ValidPost(
        body=_consent_create, effect=_count("participants.Consent", participant="shared")
    ),
    "tracks:track_copy": ValidPost(
        body=lambda w, role: {"name": "Kopia av spåret", "start_date": _in_days(90)},
        effect=_count("tracks.Track"),
    ),
    "tracks:phase_create": ValidPost(body=_phase_create, effect=_track_records),
    "tracks:progress_edit": ValidPost(
        body=_progress_edit, effect=_version("progress", "tracks.PhaseProgress")
    ),
    "tracks:track_create": ValidPost(
        body=_track_create,
        effect=_count("tracks.Track"),
        query=lambda w: f"?need={w['need'].pk}",
    ),
    "tracks:apl_log_edit": ValidPost(body=_apl_log_edit, effect=_apl_note),
    "tracks:apply_decisions": ValidPost(body=_decided_candidate, effect=_member_states),
    "employers:meeting_create": ValidPost(
        body=_meeting_create, effect=_count("employers.PlanningMeeting", employer="employer")
    ),
    "employers:agreement_create": ValidPost(body=_agreement_create, effect=_agreements),
    "employers:agreement_edit": ValidPost(body=_agreement_edit, effect=_agreements),
    "participants:participant_create": ValidPost(
        body=_participant_create, effect=_count("participants.Participant")
    ),
    # Before portal:offer, which moves the completed participant on to "offered".
    "schedule:employer_attendance_week": ValidPost(
        body=_employer_attendance_week,
        effect=_employer_attendance,
        query=_employer_attendance_query,
    ),
    "portal:offer": ValidPost(
        body=lambda w, role: {
            "employment_type": "permanent",
            "subsidy": "unsubsidised",
            "start_date": _in_days(30),
            "hours_per_week": "37.5",
        },
        effect=_member_state("portal_completed"),
    ),
    # After the offer above (the order matters): the employer withdraws it, with a reason.
    "portal:withdraw_offer": ValidPost(
        body=lambda w, role: {"reason": "Tjänsten drogs in."},
        effect=_member_state("portal_completed"),
    ),
    "notification_preferences": ValidPost(
        body=lambda w, role: {"email_kinds": ["action_item_due"]}, effect=_preferences
    ),
    "employers:create": ValidPost(body=_employer_create, effect=_count("employers.Employer")),
    "employers:provider_create": ValidPost(
        body=_provider_create, effect=_count("employers.EducationProvider")
    ),
    "employers:need_create": ValidPost(
        body=_need_create, effect=_count("employers.RecruitmentNeed", employer="employer")
    ),
    "employers:criterion_create": ValidPost(body=_criterion_create, effect=_profile),
    "employers:action_item_create": ValidPost(
        body=_action_item_create, effect=_count("employers.ActionItem", meeting="meeting")
    ),
    "participants:experience_add": ValidPost(body=_experience_add, effect=_records_of),
    "participants:plan_item_create": ValidPost(
        body=_plan_item_create, effect=_count("participants.PlanItem", participant="shared")
    ),
    "participants:plan_item_edit": ValidPost(
        body=_plan_item_edit, effect=_version("plan_item", "participants.PlanItem")
    ),
    "employers:edit": ValidPost(
        body=_employer_edit, effect=_version("employer", "employers.Employer")
    ),
    "employers:provider_edit": ValidPost(
        body=_provider_edit, effect=_version("provider", "employers.EducationProvider")
    ),
    "employers:need_edit": ValidPost(
        body=_need_edit, effect=_version("need", "employers.RecruitmentNeed")
    ),
    "employers:meeting_edit": ValidPost(
        body=_meeting_edit, effect=_version("meeting", "employers.PlanningMeeting")
    ),
    "participants:participant_edit": ValidPost(
        body=_participant_edit, effect=_version("shared", "participants.Participant")
    ),
    "participants:background_edit": ValidPost(
        body=_background_edit, effect=_version("shared", "participants.Participant")
    ),
    "tracks:track_edit": ValidPost(body=_track_edit, effect=_version("track", "tracks.Track")),
    "tracks:phase_edit": ValidPost(body=_phase_edit, effect=_version("phase", "tracks.Phase")),
    "tracks:funding_edit": ValidPost(body=_funding_edit, effect=_funding_amounts),
    "notification_open": ValidPost(body=lambda w, role: {}, effect=_notification_read),
    "employers:contact_create": ValidPost(
        body=lambda w, role: {"name": "Ny Kontakt", "role": "HR", "email": "ny@example.org"},
        effect=_contacts,
    ),
    "employers:profile_notes": ValidPost(
        body=lambda w, role: {"notes": "Körkort är ett krav från start."}, effect=_profile
    ),
    "employers:action_item_toggle": ValidPost(
        body=lambda w, role: {"done": "1"}, effect=_action_item_done
    ),
    "participants:note_create": ValidPost(
        body=lambda w, role: {"written_on": _today(), "kind": "meeting", "text": "Samtal"},
        effect=_records_of,
    ),
    "participants:language_add": ValidPost(
        body=lambda w, role: {"language": "somaliska", "level": "native"}, effect=_records_of
    ),
    "employers:need_repeat": ValidPost(
        body=lambda w, role: {"wanted_start": _in_days(60)}, effect=_needs
    ),
    "employers:provider_contact_create": ValidPost(
        body=lambda w, role: {"name": "Ny Lärare", "role": "Rektor", "email": "l@example.org"},
        effect=_provider_contacts,
    ),
    "participants:presentation_consent": ValidPost(
        body=lambda w, role: {"given_on": _in_days(-1), "confirmed": "on"},
        effect=_presentation_consent,
    ),
    "tracks:funding_add": ValidPost(
        body=lambda w, role: {"source": "jobbpakten", "description": "Avrop", "amount": "50000"},
        effect=_track_records,
    ),
    "tracks:nominate": ValidPost(
        body=lambda w, role: {"participant": _nominee(w, role), "motivation": "Passar profilen"},
        effect=_track_records,
    ),
    "follow_ups:answer": ValidPost(
        body=lambda w, role: {
            "situation": "employed_here",
            "employment_type": "permanent",
            "subsidy": "unsubsidised",
            "hours_per_week": "37,5",
            "self_sufficient": "yes",
            "income_support": "no",
        },
        effect=_follow_up,
    ),
    "portal:decide": ValidPost(
        body=lambda w, role: {"decision": "select", "confirmed": "yes"}, effect=_decisions
    ),
    "portal:agreement": ValidPost(body=_agreement_read_and_agreed, effect=_agreement_confirmations),
    "portal:invite": ValidPost(body=lambda w, role: {}, effect=_contact_user),
    "portal:provider_invite": ValidPost(body=lambda w, role: {}, effect=_provider_contact_user),
    # After phase_create and track_edit: its APL phase lies before the track's start.
    "tracks:apl_log_add": ValidPost(
        body=_apl_log_add, effect=_count("tracks.AplLogEntry", track_participant="member")
    ),
    # The APL log written at the workplace (rows_apl.py).
    "portal:mentor": ValidPost(body=_apl_mentor_body, effect=_apl_member_mentor),
    "tracks:member_mentor": ValidPost(body=_apl_mentor_body, effect=_apl_member_mentor),
    "portal:apl_entry_add": ValidPost(
        body=_apl_entry_add, effect=_count("tracks.AplLogEntry", track_participant="apl_member")
    ),
    "portal:apl_entry_correct": ValidPost(
        body=lambda w, role: {"work_done": "Kassa.", "note": "Rättad vecka.", "hours": "12,5"},
        effect=_apl_portal_note,
    ),
    "tracks:apl_log_comment": ValidPost(
        body=lambda w, role: {"text": "Tack, vi hörs på fredag."}, effect=_apl_comments
    ),
    "tracks:member_move": ValidPost(
        body=lambda w, role: {"to_state": "not_selected", "reason": "Passar inte profilen"},
        effect=_member_state("member"),
    ),
    # After member_move: moves the member on from "not selected".
    "tracks:bulk_move": ValidPost(body=_bulk_move, effect=_member_state("member")),
    "tracks:bulk_present": ValidPost(body=_bulk_present, effect=_member_state_of("bulk_presented")),
    "tracks:bulk_remind": ValidPost(body=_bulk_remind, effect=_reminders),
    "tracks:bulk_nominate": ValidPost(body=_bulk_nominate, effect=_nominated),
    # The schedule, while the world's track is open (track_closing below closes it).
    "schedule:template_apply": ValidPost(body=_template_apply, effect=_template_strands),
    "schedule:strand_create": ValidPost(body=_strand_create, effect=_strands),
    "schedule:strand_edit": ValidPost(body=_strand_edit, effect=_strands),
    "schedule:strand_delete": ValidPost(body=lambda w, role: {}, effect=_strands),
    "schedule:pattern_edit": ValidPost(body=_pattern_edit, effect=_pattern),
    "schedule:exception_add": ValidPost(body=_exception_add, effect=_exceptions),
    "schedule:exception_delete": ValidPost(body=lambda w, role: {}, effect=_exceptions),
    "schedule:attendance_day": ValidPost(
        body=_attendance_day, effect=_attendance, query=_attendance_query
    ),
    "schedule:provider_attendance": ValidPost(
        body=_provider_attendance_body,
        effect=_provider_attendance,
        query=_provider_attendance_query,
    ),
    "schedule:provider_progress": ValidPost(
        body=_provider_progress_body, effect=_provider_progress
    ),
    # The AF coordinator revokes their own subscription, then every subscriber makes one.
    "schedule:feed_revoke": ValidPost(body=lambda w, role: {}, effect=_calendar_feeds),
    "schedule:feed_create": ValidPost(body=lambda w, role: {}, effect=_calendar_feeds),
    "tracks:track_status": ValidPost(
        body=lambda w, role: {"to_status": "recruiting"}, effect=_track_status
    ),
    # Deletions near the end: nothing above uses what they remove.
    "tracks:funding_delete": ValidPost(body=lambda w, role: {}, effect=_track_records),
    "participants:language_delete": ValidPost(body=lambda w, role: {}, effect=_records_of),
    "participants:experience_delete": ValidPost(body=lambda w, role: {}, effect=_records_of),
    "employers:criterion_delete": ValidPost(body=lambda w, role: {}, effect=_profile),
    "employers:contact_delete": ValidPost(body=lambda w, role: {}, effect=_contacts),
    # Deleting a phase and generating the plan again are refused while progress is recorded.
    "tracks:phase_delete": ValidPost(body=_without_progress("phase"), effect=_track_records),
    "tracks:phases_generate": ValidPost(body=_without_progress(None), effect=_track_records),
    # After the phase plan's changes: a completed track's plan no longer changes.
    "tracks:track_closing": ValidPost(
        body=_track_closing, effect=_count("tracks.TrackClosing", track="track")
    ),
    # Last of all: withdrawing the consent ends the municipality's access to the participant.
    "participants:consent_withdraw": ValidPost(
        body=lambda w, role: {"withdrawn_on": _today()}, effect=_consent_state
    ),
    "session_keep_alive": ValidPost(
        body=lambda w, role: {}, effect=_sessions_renewed_at, session=_renewed_a_moment_ago
    ),
    "portal:accept_invitation": ValidPost(
        body=lambda w, role: {
            "new_password1": "Hemligt-lösen-2027",
            "new_password2": "Hemligt-lösen-2027",
        },
        effect=lambda w: type(w["invited_user"]).objects.get(pk=w["invited_user"].pk).password,
    ),
    "two_factor_setup": ValidPost(
        body=_enrol_anew, effect=_confirmed_authenticators, session=_authenticator_reset
    ),
    # After notification_open, which needs its notification unread.
    "notification_mark_all_read": ValidPost(body=_one_more_unread, effect=_unread),
    "participants:participant_erase": ValidPost(
        body=lambda w, role: {"confirm": "on"}, effect=_anonymised
    ),
    "steering:meeting_create": ValidPost(
        body=lambda w, role: {"held_on": "2027-03-15", "agenda": "1. Avrop ur Jobbpakten"},
        effect=_steering_meetings,
    ),
    "steering:meeting_edit": ValidPost(body=_steering_meeting_edit, effect=_minutes),
    "steering:decision_create": ValidPost(body=_decision_create, effect=_steering_decisions),
    "steering:decision_edit": ValidPost(body=_decision_edit, effect=_follow_up_on),
    "steering:decision_done": ValidPost(body=lambda w, role: {"done": "1"}, effect=_decision_done),
    "steering:budget_create": ValidPost(
        body=lambda w, role: {"source": "eu", "year": "2027", "amount": "250 000,50"},
        effect=_budgets,
    ),
    "steering:draw_down_create": ValidPost(
        body=lambda w, role: {
            "committee": "Arbetsmarknads- och socialnämnden",
            "amount": "12 500,25",
            "drawn_on": "2027-04-01",
            "purpose": "Språkstöd i spåret för lokalvård",
        },
        effect=_draw_downs,
    ),
    "steering:budget_edit": ValidPost(
        body=lambda w, role: {"amount": "1 000 000,01", "note": "Utökad"}, effect=_budget_amount
    ),
    "steering:target_edit": ValidPost(
        body=lambda w, role: {"percent": "75" if _placement_target(w) != 75 else "70"},
        effect=_placement_target,
    ),
    "steering:cost_create": ValidPost(body=_cost_create, effect=_costs),
    # Before the draw-down's removal: its cost would stop it.
    "steering:cost_delete": ValidPost(body=lambda w, role: {}, effect=_costs),
    "steering:draw_down_delete": ValidPost(body=lambda w, role: {}, effect=_draw_downs),
    "steering:members": ValidPost(body=_members_body, effect=_members),
    "imports:start": ValidPost(body=_import_upload, effect=_import_batches),
    "imports:mapping": ValidPost(body=_import_mapping_body, effect=_import_mapping),
    "imports:cancel": ValidPost(body=lambda w, role: {}, effect=_import_batch_kept),
    # Last: the commit removes the world's uploaded file.
    "imports:commit": ValidPost(body=_import_commit_body, effect=_import_batch_kept),
}


# URLs that accept POST whose valid body is not written yet (issue 15 wants one for every URL
# that accepts POST). The list only shrinks: a new POST URL must come with a ValidPost.
POST_WITHOUT_A_VALID_BODY_YET: frozenset[str] = frozenset()
