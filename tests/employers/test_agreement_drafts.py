"""A draft agreement is shown as a draft to staff, and to the employer once sent to them for
confirmation (issue 21: the track page said "Ingen överenskommelse ännu" while the need had a
draft, and the portal said there was none)."""

from django.urls import reverse

from employers import agreements
from employers.models import AgreementStatus
from tests.employers.factories import AgreementFactory
from tests.portal.factories import employer_of
from tests.tracks.factories import TrackFactory


def _track_with_later_draft(employer_user, af_coordinator):
    track = TrackFactory(employer=employer_of(employer_user.organisation), agreement=None)
    track.coordinators.add(af_coordinator)
    draft = AgreementFactory(need=track.need)  # drafted after the track was created
    assert draft.status == AgreementStatus.DRAFT
    return track, draft


def test_staff_see_the_needs_draft_on_the_track_page(client, af_coordinator, employer_user):
    track, draft = _track_with_later_draft(employer_user, af_coordinator)
    client.force_login(af_coordinator)
    body = client.get(reverse("tracks:track_detail", args=[track.pk])).content.decode()
    assert "Ingen överenskommelse ännu" not in body
    assert reverse("employers:agreement_detail", args=[draft.pk]) in body
    assert "Version 1 (Utkast)" in body
    assert "ett utkast, ännu inte skickat till arbetsgivaren" in body


def test_the_employer_sees_a_draft_only_once_it_is_sent(client, af_coordinator, employer_user):
    track, draft = _track_with_later_draft(employer_user, af_coordinator)
    client.force_login(employer_user)
    body = client.get(reverse("portal:track", args=[track.pk])).content.decode()
    assert "Det finns ingen överenskommelse för spåret än." in body
    assert client.get(reverse("portal:agreement", args=[track.pk])).status_code == 404

    staff = client.__class__()
    staff.force_login(af_coordinator)
    sent = staff.post(reverse("employers:agreement_send", args=[draft.pk]))
    assert sent.status_code == 302
    draft.refresh_from_db()
    assert draft.sent_to_employer_at is not None

    body = client.get(reverse("portal:track", args=[track.pk])).content.decode()
    assert "Det finns ingen överenskommelse för spåret än." not in body
    assert "Utkast" in body and "Inte bekräftad av er än." in body
    home = client.get(reverse("portal:home")).content.decode()
    assert "Läs och bekräfta överenskommelsen." in home
    page = client.get(reverse("portal:agreement", args=[track.pk]))
    assert page.status_code == 200
    confirmed = client.post(reverse("portal:agreement", args=[track.pk]), {"read_and_agree": "on"})
    assert confirmed.status_code == 302
    assert draft.confirmations.filter(party="employer").exists()


def test_a_new_version_is_not_shown_until_it_is_sent(af_coordinator, employer_user):
    track, draft = _track_with_later_draft(employer_user, af_coordinator)
    agreements.send_to_employer(agreement=draft, by=af_coordinator)
    draft.status = AgreementStatus.AGREED
    draft.save()
    draft.refresh_from_db()
    newer = agreements.save_agreement(need=track.need, agreement=draft, by=af_coordinator)
    assert newer.number == 2 and newer.sent_to_employer_at is None
    from employers.models import Agreement

    shown = agreements.employer_agreement(Agreement.objects.all(), need_id=track.need_id)
    assert shown.number == 1  # the agreed version, until the new draft is sent
