"""Employers' recruitment needs with requirement profiles, criteria, agreements and meetings."""

from __future__ import annotations

import datetime as dt

from bench.dataset.generation import Generation
from bench.dataset.loader import Row
from bench.dataset.records import PlannedTrack
from bench.dataset.reference import LANGUAGES
from employers.models import (
    Agreement,
    AgreementConfirmation,
    AgreementStatus,
    Criterion,
    CriterionKind,
    CriterionMode,
    EmploymentType,
    Horizon,
    NeedStatus,
    Party,
    PlanningMeeting,
    RecruitmentNeed,
    RequirementProfileVersion,
)
from jobbspar import vocabulary
from tracks.models import TrackStatus


class Needs(Generation):
    def needs(self, tracks: list[PlannedTrack]) -> None:
        """One need per track (plus a quarter more without a track), each with 1-3 profile
        versions of 3-6 criteria, agreements (agreed once the track recruits) and meetings."""
        extra = len(tracks) // 4
        need_ids = iter(self.load.ids(RecruitmentNeed, len(tracks) + extra))
        need_rows, version_rows, criterion_rows, agreement_rows, confirm_rows = [], [], [], [], []
        meeting_rows = []
        version_ids = iter(self.load.ids(RequirementProfileVersion, (len(tracks) + extra) * 3))
        agreement_ids = iter(self.load.ids(Agreement, (len(tracks) + extra) * 2))
        meeting_ids = iter(self.load.ids(PlanningMeeting, (len(tracks) + extra) * 2))
        planned: list[PlannedTrack | None] = [*tracks, *([None] * extra)]
        for index, track in enumerate(planned):
            status: str
            if track is None:
                region = self.regions[index % len(self.regions)]
                employer = self.rng.choice(region.employers)
                occupation = self.rng.choice(self.occupation_ids)
                wanted = self.today + dt.timedelta(days=self.rng.randint(-60, 300))
                status = self.pick(
                    [(NeedStatus.NEW, 50), (NeedStatus.PLANNING, 30), (NeedStatus.CANCELLED, 20)]
                )
                coordinator = self.rng.choice(region.af_coordinators)
            else:
                region = self.regions[track.region]
                employer, occupation, wanted = track.employer, track.occupation_id, track.start
                need_status_of: dict[str, str] = {
                    TrackStatus.PLANNING: NeedStatus.PLANNING,
                    TrackStatus.RECRUITING: NeedStatus.TRACK_RUNNING,
                    TrackStatus.RUNNING: NeedStatus.TRACK_RUNNING,
                }
                status = need_status_of.get(track.status, NeedStatus.FILLED)
                coordinator = self.rng.choice(region.af_coordinators)
            need_id = next(need_ids)
            created = self.moment(wanted - dt.timedelta(days=self.rng.randint(40, 120)))
            need_rows.append(
                {
                    "id": need_id,
                    "employer_id": employer,
                    "partnership_id": region.partnership_id,
                    "occupation_id": occupation,
                    "positions": self.rng.randint(2, 12),
                    "wanted_start": wanted,
                    "horizon": self.rng.choice(Horizon.values),
                    "workplace": "Huvudkontoret",
                    "employment_type": self.rng.choice(EmploymentType.values),
                    "working_hours": self.rng.choice(vocabulary.WorkingHours.values),
                    "shift_work": self.rng.random() < 0.3,
                    "status": status,
                    "repeats_id": None,
                    "notes": "",
                    "created_at": created,
                }
            )
            versions = self.rng.randint(1, 3)
            latest = None
            for number in range(1, versions + 1):
                vid = next(version_ids)
                used = (
                    track is not None
                    and number == versions
                    and track.status != TrackStatus.PLANNING
                )
                version_rows.append(
                    {
                        "id": vid,
                        "need_id": need_id,
                        "number": number,
                        "notes": "",
                        "created_at": created + dt.timedelta(days=number),
                        "created_by_id": coordinator,
                        "used_for_assessment_at": created + dt.timedelta(days=20) if used else None,
                    }
                )
                criterion_rows.extend(self._criteria(vid, occupation))
                latest = vid
            agreement_id = None
            agreed = track is not None and track.status != TrackStatus.PLANNING
            if track is not None or status == NeedStatus.PLANNING:
                for number in range(1, (2 if agreed else 1) + 1):
                    aid = next(agreement_ids)
                    final = agreed and number == 2
                    agreement_rows.append(
                        {
                            "id": aid,
                            "need_id": need_id,
                            "number": number,
                            "status": AgreementStatus.AGREED if final else AgreementStatus.DRAFT,
                            "positions": self.rng.randint(2, 10),
                            "intends_to_hire": True,
                            "hiring_intention": "Avser att anställa de som fullföljer spåret.",
                            "employer_planning_time": "2 timmar i veckan",
                            "employer_other": "",
                            "employment_service_commitments": "Rekrytering och matchning.",
                            "municipality_commitments": "Språkstöd och jobbcoachning.",
                            "education_provider_id": region.provider_id,
                            "provider_commitments": "Utbildning med språkstöd.",
                            "meeting_cadence": "Varannan vecka",
                            "profile_version_id": latest,
                            "phase_plan_summary": "Intro, utbildning, APL, anställning.",
                            "created_at": created + dt.timedelta(days=10 + number),
                            "created_by_id": coordinator,
                            "agreed_at": created + dt.timedelta(days=25) if final else None,
                        }
                    )
                    if final:
                        for party in Party.values:
                            confirm_rows.append(
                                {
                                    "agreement_id": aid,
                                    "party": party,
                                    "confirmed_by_name": "Undertecknad",
                                    "recorded_by_id": coordinator,
                                    "confirmed_at": created + dt.timedelta(days=25),
                                }
                            )
                    agreement_id = aid
            for m in range(self.rng.randint(1, 2)):
                starts = self.moment(wanted - dt.timedelta(days=30 - m * 14), hour=9)
                meeting_rows.append(
                    {
                        "id": next(meeting_ids),
                        "employer_id": employer,
                        "partnership_id": region.partnership_id,
                        "need_id": need_id,
                        "title": "Avstämningsmöte" if m else "Uppstartsmöte",
                        "starts_at": starts,
                        "ends_at": starts + dt.timedelta(hours=1),
                        "place": "Arbetsförmedlingen",
                        "video_link": "",
                        "education_provider_id": region.provider_id,
                        "agenda": "Behov, kravprofil och upplägg.",
                        "minutes": "",
                        "decisions": "",
                        "created_by_id": coordinator,
                        "created_at": created,
                    }
                )
            if track is not None:
                track.need, track.profile_version, track.agreement = need_id, latest, agreement_id
        self.load.copy(RecruitmentNeed, need_rows)
        self.load.copy(RequirementProfileVersion, version_rows)
        self.load.copy(Criterion, criterion_rows)
        self.load.copy(Agreement, agreement_rows)
        self.load.copy(AgreementConfirmation, confirm_rows)
        self.load.copy(PlanningMeeting, meeting_rows)
        self.progress.step("needs and profiles", 1, 1)

    def _criteria(self, version_id: int, occupation: int) -> list[Row]:
        rows = []
        blank = {
            "swedish_level": "",
            "language": "",
            "language_level": "",
            "driving_licence": "",
            "experience_months": None,
            "experience_occupation_id": None,
            "education_level": "",
            "certificate": "",
            "physical_demand": "",
            "working_hours": "",
        }
        kinds = self.rng.sample(
            [
                CriterionKind.SWEDISH,
                CriterionKind.DRIVING_LICENCE,
                CriterionKind.EXPERIENCE,
                CriterionKind.EDUCATION,
                CriterionKind.CERTIFICATE,
                CriterionKind.WORKING_HOURS,
                CriterionKind.LANGUAGE,
                CriterionKind.PHYSICAL,
            ],
            self.rng.randint(3, 6),
        )
        for kind in kinds:
            row = {
                **blank,
                "version_id": version_id,
                "kind": kind,
                "mode": self.pick([(CriterionMode.REQUIRED, 35), (CriterionMode.TRAINED, 65)]),
                "weight": self.rng.choice([None, 1, 2, 3, 4, 5]),
            }
            if kind == CriterionKind.SWEDISH:
                row["swedish_level"] = self.rng.choice(["sfi_c", "sfi_d", "sas_basic", "b1"])
            elif kind == CriterionKind.DRIVING_LICENCE:
                row["driving_licence"] = "B"
            elif kind == CriterionKind.EXPERIENCE:
                row["experience_months"] = self.rng.choice([3, 6, 12])
                row["experience_occupation_id"] = occupation
            elif kind == CriterionKind.EDUCATION:
                row["education_level"] = self.rng.choice(["primary", "upper_secondary"])
            elif kind == CriterionKind.CERTIFICATE:
                row["certificate"] = self.rng.choice(vocabulary.Certificate.values)
            elif kind == CriterionKind.WORKING_HOURS:
                row["working_hours"] = self.rng.choice(vocabulary.WorkingHours.values)
            elif kind == CriterionKind.LANGUAGE:
                row["language"] = self.rng.choice(LANGUAGES)
                row["language_level"] = self.rng.choice(["b1", "b2", "native"])
            else:
                row["physical_demand"] = self.rng.choice(vocabulary.PhysicalDemand.values)
            rows.append(row)
        return rows
