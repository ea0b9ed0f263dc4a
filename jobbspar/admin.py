from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from jobbspar.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation_number"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation_number"]


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
