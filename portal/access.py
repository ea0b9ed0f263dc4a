"""The employer portal: what an employer user sees of their own employer's tracks.

Every queryset starts from `scoped(Model)` (jobbspar/scoping.py); the roles and the view guards
are in jobbspar/access.py.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import pgettext_lazy

from employers.access import agreements_for
from employers.models import (
    Agreement,
    ContactPerson,
    Criterion,
    Employer,
    PlanningMeeting,
    ProviderContact,
)
from jobbspar.access import COORDINATORS, EDUCATION_PROVIDERS, EMPLOYERS, has_role
from jobbspar.models import User
from jobbspar.navigation import NavItem
from jobbspar.scoping import scoped
from tracks.access import PORTAL_CANDIDATE_STATES, PORTAL_SELECTED_STATES
from tracks.models import AplLogEntry, State, Track, TrackParticipant

# --- The employer portal ------------------------------------------------------------------
#
# An employer user sees their own employer's tracks and nothing else: every portal view gets
# its objects from these functions, so another employer's track, candidate, meeting, agreement
# or file is a 404 whatever the URL or parameter. Inside their tracks they see only the
# candidates the coordinators have presented (and, after the selection, the people they
# selected); in a blind track, who a candidate is only once the selection is made.
PORTAL_USERS = EMPLOYERS
# Coordinators invite an employer's contact persons to the portal, and an education provider's
# contacts to their own pages (the schedule app's); the invitation link is the same.
PORTAL_INVITERS = COORDINATORS
INVITED_ROLES = PORTAL_USERS | EDUCATION_PROVIDERS
# The states in which the employer knows of a member are the tracks app's:
# tracks.access.PORTAL_SELECTED_STATES and PORTAL_CANDIDATE_STATES.


def portal_employer_for(user: User) -> Employer | None:
    """The employer an employer user acts for, or None."""
    if not has_role(user, PORTAL_USERS) or user.organisation_id is None:
        return None
    return scoped(Employer).filter(organisation_id=user.organisation_id).first()


def portal_tracks_for(user: User) -> QuerySet:
    if not has_role(user, PORTAL_USERS) or user.organisation_id is None:
        return scoped(Track).none()
    return scoped(Track).filter(employer__organisation_id=user.organisation_id)


def criteria_of_outer_track(user: User) -> QuerySet[Criterion]:
    """The criteria of the requirement profile's version the track in the outer query is
    matched against (its candidates' cards weigh them), for a list read with the track's own
    row (jobbspar/database/nested.py): portal_tracks_for's rule, checked on that track, whatever
    query the list is read in."""
    return (
        scoped(Criterion)
        .filter(version=OuterRef("profile_version"))
        # The outer track, and the criterion's version its own: nested in a query of other
        # rows with a profile version (an agreement's), no id that is also a track's lets one
        # through.
        .filter(
            Exists(
                portal_tracks_for(user).filter(
                    pk=OuterRef(OuterRef("pk")), profile_version=OuterRef("version")
                )
            )
        )
    )


def portal_candidates_for(user: User, track=None) -> QuerySet:
    """Members of the user's tracks the employer may know of: presented and later, and those
    the employer declined (not selected with a decision of theirs) - and only while the person's
    consent to presentation stands: a withdrawal removes them from the portal at once."""
    tracks = portal_tracks_for(user)
    if track is not None:
        tracks = tracks.filter(pk=track.pk)
    return _candidates_in(tracks)


def portal_candidates_of_track(user: User, track_id: int) -> QuerySet:
    """portal_candidates_for(user, track) for the track's id (a builder's value, prepared.py)."""
    return _candidates_in(portal_tracks_for(user).filter(pk=track_id))


def _candidates_in(tracks: QuerySet) -> QuerySet:
    return (
        scoped(TrackParticipant)
        .filter(track__in=tracks, participant__presentation_consent_on__isnull=False)
        .filter(
            Q(state__in=PORTAL_CANDIDATE_STATES)
            | Q(state=State.NOT_SELECTED, employer_decision__isnull=False)
        )
    )


def portal_participants_for(user: User, track=None) -> QuerySet:
    """The people the employer selected: named (blind or not), with their APL notes."""
    return portal_candidates_for(user, track).filter(state__in=PORTAL_SELECTED_STATES)


def portal_participants_of_track(user: User, track_id: int) -> QuerySet:
    """portal_participants_for(user, track) for the track's id (a builder's value, prepared.py)."""
    return portal_candidates_of_track(user, track_id).filter(state__in=PORTAL_SELECTED_STATES)


# --- The APL log written at the workplace (tracks.apl_log) -----------------------------------
#
# The employer's users (a workplace mentor is one, invited as the employer's contact person)
# assign a selected participant's mentor and write the APL log; they read the coordinators'
# comments on it. They get the log of their own tracks' selected participants and nothing else
# of them (no case notes, personal identity number or income support).
PORTAL_APL_WRITERS = PORTAL_USERS


def portal_apl_entries_for(user: User) -> QuerySet:
    """The APL log entries of the participants the user's employer selected."""
    if not has_role(user, PORTAL_APL_WRITERS):
        return scoped(AplLogEntry).none()
    return scoped(AplLogEntry).filter(track_participant__in=portal_participants_for(user))


def portal_mentor_choices_for(user: User, member: TrackParticipant) -> QuerySet:
    """Whom the user may make `member`'s mentor: their own employer's contact persons, when the
    member is in one of that employer's tracks."""
    employer = portal_employer_for(user)
    if employer is None or not portal_participants_for(user).filter(pk=member.pk).exists():
        return scoped(ContactPerson).none()
    return scoped(ContactPerson).filter(employer=employer).order_by("name", "pk")


def portal_identity_visible(member) -> bool:
    """Whether the employer may see who a candidate is (name, not a pseudonym)."""
    return (not member.track.blind_selection) or member.state in PORTAL_SELECTED_STATES


def portal_meetings_for(user: User) -> QuerySet:
    if not has_role(user, PORTAL_USERS) or user.organisation_id is None:
        return scoped(PlanningMeeting).none()
    return scoped(PlanningMeeting).filter(employer__organisation_id=user.organisation_id)


def portal_agreements_for(user: User) -> QuerySet:
    if not has_role(user, PORTAL_USERS):
        return scoped(Agreement).none()
    return agreements_for(user)


def portal_invitable_contacts_for(user: User) -> QuerySet:
    if not has_role(user, PORTAL_INVITERS):
        return scoped(ContactPerson).none()
    return scoped(ContactPerson).all()


def provider_invitable_contacts_for(user: User) -> QuerySet:
    """The education providers' contacts a coordinator may invite (every provider's, as for
    employers' contacts)."""
    if not has_role(user, PORTAL_INVITERS):
        return scoped(ProviderContact).none()
    return scoped(ProviderContact).all()


def menu() -> list[NavItem]:
    """The portal's section of the main navigation (its `navigation` contribution)."""
    return [NavItem(pgettext_lazy("portal", "Your tracks"), "portal:home", PORTAL_USERS)]
