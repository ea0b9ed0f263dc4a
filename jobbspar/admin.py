"""Administrators run the system without reading people: users, organisations, reference data,
the access log (who read what, by id) and support tools. Nothing here shows a participant's data:
participants and their track records are not registered, the write history shows which object
changed and who changed it but not the values, notifications show no body, and a deletion's list
of what goes with it names objects outside the admin by type and id only (a sign-in session by
type alone: its id is its key)."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import router
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from pghistory.admin import EventsAdmin

from jobbspar.markup import format_html
from jobbspar.models import AccessLog, EmailState, Notification, Organisation, Partnership, User
from jobbspar.roles import assign_role

# What Django's get_deleted_objects returns: the nested list, counts per model, missing
# permissions and protected objects.
DeletedObjects = tuple[list[Any], dict[str, int], set[str], list[str]]


def deleted_objects_by_id(
    objs, request, admin_site
) -> tuple[list[Any], dict[str, int], set[str], list[str]]:
    """Django's `get_deleted_objects`, except that an object whose model is not in the admin (a
    participant, a case note, a track member ...) is shown as its type and id, never its name."""
    try:
        obj = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(obj._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def format_callback(obj: Any) -> Any:
        opts = obj._meta
        if isinstance(obj, AbstractBaseSession):
            # A session's key is its id, and whoever holds it is signed in as its user.
            return capfirst(opts.verbose_name)
        if not admin_site.is_registered(obj.__class__):
            return f"{capfirst(opts.verbose_name)}: #{obj.pk}"
        if not admin_site.get_model_admin(obj.__class__).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        try:
            url = reverse(
                f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)]
            )
        except NoReverseMatch:
            return f"{capfirst(opts.verbose_name)}: {obj}"
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

    to_delete = collector.nested(format_callback)
    protected = [format_callback(obj) for obj in collector.protected]
    found_by_model: dict[Any, Any] = collector.model_objs
    model_count = {
        model._meta.verbose_name_plural: len(found) for model, found in found_by_model.items()
    }
    return to_delete, model_count, perms_needed, protected


class NoPersonalDataAdmin(admin.ModelAdmin):
    """The base of Jobbspår's admins: deleting lists related people by id only."""

    def get_deleted_objects(
        self, objs, request
    ) -> tuple[list[Any], dict[str, int], set[str], list[str]]:
        return deleted_objects_by_id(objs, request, self.admin_site)


class WriteHistoryAdmin(EventsAdmin):
    """pghistory's events admin (`PGHISTORY_ADMIN_CLASS`) without the values: which object of
    which model changed, when, how and in which request (user id, URL) - never what it holds."""

    shown = [
        "pgh_created_at",
        "pgh_label",
        "pgh_obj_model",
        "pgh_obj_id",
        "pgh_model",
        "pgh_id",
        "pgh_context",
    ]

    def get_list_display(self, request: HttpRequest) -> Any:
        return ["pgh_created_at", "pgh_label", "pgh_obj_model", "pgh_obj_id", "pgh_context"]

    def get_fields(self, request, obj=None) -> Any:
        return self.shown

    def get_readonly_fields(self, request, obj=None) -> Any:
        return self.shown

    def changelist_view(self, request, extra_context=None) -> HttpResponse:
        # pghistory's own view titles the list with str(obj) (a participant's name); by id here.
        extra_context = {"title": _("Write history")}
        for key in ("obj", "model"):
            if key in request.GET:
                extra_context["subtitle"] = request.GET[key]
        if "back" in request.GET:
            extra_context["pgh_back"] = request.GET["back"]
        return admin.ModelAdmin.changelist_view(self, request, extra_context=extra_context)


@admin.register(Organisation)
class OrganisationAdmin(NoPersonalDataAdmin):
    list_display = ["name", "kind", "organisation_number"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation_number"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "employment_service", "municipality", "region"]
    search_fields = ["name"]
    list_select_related = ["employment_service", "municipality"]
    autocomplete_fields = ["employment_service", "municipality"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, NoPersonalDataAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation__kind", "is_active", "is_demo"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Jobbspår"), {"fields": ["role", "organisation", "phone", "language", "is_demo"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Jobbspår"), {"fields": ["role", "organisation", "email", "first_name", "last_name"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if "role" in form.changed_data or not change:
            assign_role(obj, obj.role)


@admin.register(AccessLog)
class AccessLogAdmin(NoPersonalDataAdmin):
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
class NotificationAdmin(NoPersonalDataAdmin):
    """Support staff see every notification's delivery, not its body (which may be about a
    person); failed e-mails can be queued again."""

    list_display = ["send_after", "recipient", "kind", "subject", "email_state", "attempts"]
    list_filter = ["email_state", "kind"]
    search_fields = ["recipient__username", "subject", "object_id"]
    list_select_related = ["recipient"]
    date_hierarchy = "send_after"
    fields = readonly_fields = tuple(f.name for f in Notification._meta.fields if f.name != "body")
    actions = ["retry_failed"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send the failed e-mails again"))
    def retry_failed(self, request, queryset) -> None:
        count = queryset.filter(email_state=EmailState.FAILED).update(
            email_state=EmailState.PENDING, attempts=0, next_attempt_at=None
        )
        self.message_user(request, _("%(count)d e-mails queued again.") % {"count": count})
