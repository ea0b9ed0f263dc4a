"""Admin for reference data and support staff; coordinators work in the real pages."""

from django.contrib import admin

from employers import models
from jobbspar.admin import NoPersonalDataAdmin


@admin.register(models.Occupation)
class OccupationAdmin(NoPersonalDataAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class ContactInline(admin.TabularInline):
    model = models.ContactPerson
    extra = 0


@admin.register(models.Employer)
class EmployerAdmin(NoPersonalDataAdmin):
    list_display = ["name", "organisation_number", "sector", "industry"]
    list_filter = ["sector"]
    search_fields = ["name", "organisation_number"]
    raw_id_fields = ["organisation"]
    inlines = [ContactInline]


@admin.register(models.EmployerChange)
class EmployerChangeAdmin(NoPersonalDataAdmin):
    list_display = ["at", "employer", "by", "summary"]
    list_select_related = ["employer", "by"]
    readonly_fields = ["employer", "by", "summary", "at"]


class ProviderContactInline(admin.TabularInline):
    model = models.ProviderContact
    extra = 0


@admin.register(models.EducationProvider)
class EducationProviderAdmin(NoPersonalDataAdmin):
    list_display = ["name", "organisation_number"]
    search_fields = ["name", "organisation_number"]
    raw_id_fields = ["organisation"]
    inlines = [ProviderContactInline]


@admin.register(models.RecruitmentNeed)
class RecruitmentNeedAdmin(NoPersonalDataAdmin):
    list_display = ["employer", "occupation", "positions", "wanted_start", "status"]
    list_filter = ["status", "horizon"]
    list_select_related = ["employer", "occupation"]
    raw_id_fields = ["employer", "occupation", "repeats"]


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 0
    raw_id_fields = ["experience_occupation"]


@admin.register(models.RequirementProfileVersion)
class RequirementProfileVersionAdmin(NoPersonalDataAdmin):
    list_display = ["need", "number", "used_for_assessment_at"]
    raw_id_fields = ["need"]
    inlines = [CriterionInline]


class ActionItemInline(admin.TabularInline):
    model = models.ActionItem
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(models.PlanningMeeting)
class PlanningMeetingAdmin(NoPersonalDataAdmin):
    list_display = ["title", "employer", "starts_at"]
    list_select_related = ["employer"]
    raw_id_fields = ["employer", "need"]
    filter_horizontal = ["attendee_contacts", "attendee_users"]
    inlines = [ActionItemInline]


class ConfirmationInline(admin.TabularInline):
    model = models.AgreementConfirmation
    extra = 0


@admin.register(models.Agreement)
class AgreementAdmin(NoPersonalDataAdmin):
    list_display = ["need", "number", "status", "agreed_at"]
    list_filter = ["status"]
    raw_id_fields = ["need", "profile_version"]
    inlines = [ConfirmationInline]


@admin.register(models.ShortageOccupation)
class ShortageOccupationAdmin(NoPersonalDataAdmin):
    """Shortage occupations per region and period; also imported from CSV
    (`manage.py import_shortage_occupations`)."""

    list_display = ["occupation", "region", "valid_from", "valid_to", "source"]
    list_filter = ["region"]
    list_select_related = ["occupation"]
    search_fields = ["occupation__code", "occupation__name", "source"]
    autocomplete_fields = ["occupation"]
    date_hierarchy = "valid_from"
