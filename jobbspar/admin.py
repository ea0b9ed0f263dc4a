from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from jobbspar.models import AccessLog, EmailState, Notification, Organisation, Partnership, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation_number"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation_number"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "employment_service", "municipality"]
    search_fields = ["name"]
    list_select_related = ["employment_service", "municipality"]
    autocomplete_fields = ["employment_service", "municipality"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation__kind", "is_active", "is_demo"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Jobbspår"), {"fields": ["role", "organisation", "phone", "language", "is_demo"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Jobbspår"), {"fields": ["role", "organisation", "email", "first_name", "last_name"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "role" in form.changed_data or not change:
            from jobbspar.roles import assign_role

            assign_role(obj, obj.role)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Administrators search the read log; nobody can add, change or delete entries."""

    list_display = ["at", "user", "organisation", "role", "object_type", "object_id", "purpose"]
    list_filter = ["purpose", "role", "object_type"]
    search_fields = ["user__username", "user__last_name", "object_id", "path"]
    list_select_related = ["user", "organisation"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Support staff see every notification; failed e-mails can be queued again."""

    list_display = ["send_after", "recipient", "kind", "subject", "email_state", "attempts"]
    list_filter = ["email_state", "kind"]
    search_fields = ["recipient__username", "subject", "object_id"]
    list_select_related = ["recipient"]
    date_hierarchy = "send_after"
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["retry_failed"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send the failed e-mails again"))
    def retry_failed(self, request, queryset):
        count = queryset.filter(email_state=EmailState.FAILED).update(
            email_state=EmailState.PENDING, attempts=0, next_attempt_at=None
        )
        self.message_user(request, _("%(count)d e-mails queued again.") % {"count": count})
