"""Support staff's view of tracks: the track, its phases and funding. Coordinators work in the
real UI. Track members (who takes part, their moves, motivations and progress) are people's data
and deliberately not in the admin: administrators read no person's record."""

from django.contrib import admin

from jobbspar.admin import NoPersonalDataAdmin
from tracks.models import FundingSource, Phase, Track


class FundingInline(admin.TabularInline):
    model = FundingSource
    extra = 0


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Track)
class TrackAdmin(NoPersonalDataAdmin):
    list_display = ["name", "employer", "start_date", "weeks", "status"]
    list_filter = ["status"]
    search_fields = ["name", "employer__name"]
    readonly_fields = ["status", "copied_from", "created_by", "created_at"]
    raw_id_fields = ["need", "profile_version", "agreement"]
    filter_horizontal = ["coordinators", "job_coaches", "mentors"]
    inlines = [FundingInline, PhaseInline]
