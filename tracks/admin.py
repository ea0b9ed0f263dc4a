"""Support staff's view of tracks. Coordinators work in the real UI; state changes go through
tracks.workflow, so the admin shows participants in tracks and their history read-only."""

from django.contrib import admin

from tracks.models import FundingSource, Phase, Track, TrackParticipant, Transition


class FundingInline(admin.TabularInline):
    model = FundingSource
    extra = 0


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "employer", "start_date", "weeks", "status"]
    list_filter = ["status"]
    search_fields = ["name", "employer__name"]
    readonly_fields = ["status", "copied_from", "created_by", "created_at"]
    raw_id_fields = ["need", "profile_version", "agreement"]
    filter_horizontal = ["coordinators", "job_coaches", "mentors"]
    inlines = [FundingInline, PhaseInline]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "reason", "actor", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TrackParticipant)
class TrackParticipantAdmin(admin.ModelAdmin):
    list_display = ["track", "candidate_number", "state"]
    list_filter = ["state"]
    inlines = [TransitionInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False
