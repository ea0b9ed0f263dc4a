"""Agreements: drafting, confirmation per party, versions, the printable page and the PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from employers.agreements import confirm_agreement, save_agreement
from employers.models import Agreement, AgreementStatus, Criterion, Party
from employers.profiles import add_criterion
from tests.employers.factories import (
    EducationProviderFactory,
    EmployerFactory,
    RecruitmentNeedFactory,
)

pytestmark = pytest.mark.django_db


def _form(need, **overrides):
    data = {
        "positions": need.positions,
        "intends_to_hire": "on",
        "hiring_intention": "Tillsvidareanställning efter spåret",
        "employer_receives_apl": "on",
        "employer_prepares_workplace": "on",
        "mentors": 3,
        "employer_planning_time": "Två timmar i veckan",
        "employment_service_commitments": "Identifiera kandidater mot kravprofilen",
        "municipality_commitments": "Jobbcoachning under hela spåret",
        "meeting_cadence": "Varannan vecka",
        "phase_plan_summary": "Introduktionsvecka, utbildning, APL",
    }
    data.update(overrides)
    return data


def _agreement(need, by, **fields):
    defaults = {
        "positions": need.positions,
        "employment_service_commitments": "Hitta kandidater",
        "municipality_commitments": "Jobbcoachning",
        "meeting_cadence": "Varannan vecka",
    }
    return save_agreement(need=need, agreement=Agreement(**{**defaults, **fields}), by=by)


def test_coordinator_drafts_an_agreement(client, af_coordinator):
    need = RecruitmentNeedFactory()
    version = add_criterion(
        need=need,
        criterion=Criterion(kind="swedish", mode="required", swedish_level="sfi_c"),
        by=af_coordinator,
    ).version
    client.force_login(af_coordinator)
    form_page = client.get(reverse("employers:agreement_create", args=[need.pk]))
    assert form_page.context["form"].initial["profile_version"] == version.pk
    response = client.post(
        reverse("employers:agreement_create", args=[need.pk]),
        _form(need, profile_version=version.pk),
    )
    agreement = Agreement.objects.get()
    assert response["Location"] == reverse("employers:agreement_detail", args=[agreement.pk])
    assert agreement.status == AgreementStatus.DRAFT and agreement.number == 1
    assert agreement.mentors == 3 and agreement.profile_version == version


def test_positions_below_one_are_refused(client, af_coordinator):
    need = RecruitmentNeedFactory()
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:agreement_create", args=[need.pk]), _form(need, positions=0)
    )
    html = response.content.decode()
    assert html.count("Ange minst 1 tjänst.") == 2
    assert "Identifiera kandidater mot kravprofilen" in html
    assert not Agreement.objects.exists()


def test_agreed_when_every_party_has_confirmed(af_coordinator):
    need = RecruitmentNeedFactory()
    agreement = _agreement(need, af_coordinator, education_provider=EducationProviderFactory())
    for party in [Party.EMPLOYER, Party.EMPLOYMENT_SERVICE, Party.MUNICIPALITY]:
        agreement = confirm_agreement(
            agreement=agreement, party=party, confirmed_by_name="Eva Holm", by=af_coordinator
        )
        assert agreement.status == AgreementStatus.DRAFT
    agreement = confirm_agreement(
        agreement=agreement,
        party=Party.EDUCATION_PROVIDER,
        confirmed_by_name="Karin Ahlström",
        by=af_coordinator,
    )
    assert agreement.status == AgreementStatus.AGREED and agreement.agreed_at
    confirmation = agreement.confirmations.get(party=Party.EMPLOYER)
    assert confirmation.recorded_by == af_coordinator and confirmation.confirmed_at


def test_a_provider_is_not_a_party_unless_named(af_coordinator):
    from django.core.exceptions import ValidationError

    agreement = _agreement(RecruitmentNeedFactory(), af_coordinator)
    with pytest.raises(ValidationError):
        confirm_agreement(
            agreement=agreement,
            party=Party.EDUCATION_PROVIDER,
            confirmed_by_name="X",
            by=af_coordinator,
        )


def test_changing_an_agreed_agreement_makes_a_new_draft_version(client, af_coordinator):
    need = RecruitmentNeedFactory()
    agreement = _agreement(need, af_coordinator)
    for party in agreement.required_parties():
        confirm_agreement(
            agreement=agreement, party=party, confirmed_by_name="N", by=af_coordinator
        )
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:agreement_edit", args=[agreement.pk]), _form(need, mentors=4)
    )
    old, new = Agreement.objects.order_by("number")
    assert response["Location"] == reverse("employers:agreement_detail", args=[new.pk])
    assert old.status == AgreementStatus.AGREED and old.mentors == 1
    assert (new.number, new.status, new.mentors) == (2, AgreementStatus.DRAFT, 4)
    assert not new.confirmations.exists()


def test_editing_a_draft_clears_its_confirmations(af_coordinator):
    need = RecruitmentNeedFactory()
    agreement = _agreement(need, af_coordinator)
    confirm_agreement(
        agreement=agreement, party=Party.EMPLOYER, confirmed_by_name="N", by=af_coordinator
    )
    agreement.mentors = 5
    same = save_agreement(need=need, agreement=agreement, by=af_coordinator)
    assert same.pk == agreement.pk and not same.confirmations.exists()


def test_confirmation_form_records_a_party(client, municipal_coordinator):
    agreement = _agreement(RecruitmentNeedFactory(), municipal_coordinator)
    client.force_login(municipal_coordinator)
    url = reverse("employers:agreement_confirm", args=[agreement.pk])
    response = client.post(url, {"party": Party.MUNICIPALITY, "confirmed_by_name": ""})
    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in response.content.decode()
    response = client.post(
        url, {"party": Party.MUNICIPALITY, "confirmed_by_name": "Sara Franck, samordnare"}
    )
    assert response.status_code == 302
    assert agreement.confirmations.get().confirmed_by_name == "Sara Franck, samordnare"


def test_printable_page_and_pdf_in_swedish(client, af_coordinator, employer_user):
    employer = EmployerFactory(organisation=employer_user.organisation)
    need = RecruitmentNeedFactory(employer=employer)
    version = add_criterion(
        need=need,
        criterion=Criterion(kind="certificate", mode="trained", certificate="delegation"),
        by=af_coordinator,
    ).version
    agreement = _agreement(need, af_coordinator, mentors=3, profile_version=version)
    confirm_agreement(
        agreement=agreement, party=Party.EMPLOYER, confirmed_by_name="Eva Holm", by=af_coordinator
    )
    client.force_login(employer_user)
    printable = client.get(reverse("employers:agreement_print", args=[agreement.pk]))
    assert "Överenskommelse om lokalt jobbspår" in printable.content.decode()
    response = client.get(reverse("employers:agreement_pdf", args=[agreement.pk]))
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert f"Överenskommelse om lokalt jobbspår – {employer.name}" in text
    assert "Arbetsgivaren åtar sig att" in text
    assert "utse 3 handledare" in text
    assert "Arbetsförmedlingen åtar sig att" in text and "Hitta kandidater" in text
    assert "Version 1 av kravprofilen" in text
    assert "Tränas under spåret" in text
    # Tagged for accessibility (PDF/UA-1, jobbspar/pdf.py): structure and language.
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "sv"
    assert "Eva Holm" in text and "Inte bekräftad" in text


def test_employer_user_reads_but_cannot_change_the_agreement(client, af_coordinator, employer_user):
    need = RecruitmentNeedFactory(employer=EmployerFactory(organisation=employer_user.organisation))
    agreement = _agreement(need, af_coordinator)
    client.force_login(employer_user)
    html = client.get(reverse("employers:agreement_detail", args=[agreement.pk])).content.decode()
    assert "Överenskommelse, version 1" in html
    assert reverse("employers:agreement_edit", args=[agreement.pk]) not in html
    assert reverse("employers:agreement_confirm", args=[agreement.pk]) not in html
    assert client.post(reverse("employers:agreement_edit", args=[agreement.pk])).status_code == 403


def test_a_new_version_shows_what_changed(client, af_coordinator):
    need = RecruitmentNeedFactory()
    agreement = _agreement(need, af_coordinator, mentors=1)
    for party in agreement.required_parties():
        confirm_agreement(
            agreement=agreement, party=party, confirmed_by_name="N", by=af_coordinator
        )
    agreement.mentors = 3
    second = save_agreement(need=need, agreement=agreement, by=af_coordinator)
    client.force_login(af_coordinator)
    html = client.get(reverse("employers:agreement_detail", args=[second.pk])).content.decode()
    assert "Ändrat sedan version 1" in html
    assert "<td>Antal handledare</td><td>1</td><td>3</td>" in html
