"""API clients in the Django admin: an administrator creates a client (its key is shown once,
on the page after saving), rotates its key or revokes it. No person's data is shown here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api import keys
from api.models import ApiClient, ApiScope


def _show_key_once(request: HttpRequest, client: ApiClient, key: str) -> None:
    messages.warning(
        request,
        _(
            "The key of %(client)s is %(key)s — copy it now: it is shown only this once and "
            "stored only as a hash."
        )
        % {"client": client.name, "key": key},
    )


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ApiClient
        fields = ["name", "organisation", "role", "scopes", "expires_on"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "organisation", "role", "expires_on", "revoked_at", "last_used_at"]
    list_filter = ["role", "organisation"]
    readonly_fields = ["key_prefix", "key_created_at", "revoked_at", "last_used_at", "created_at"]
    fields = [
        "name",
        "organisation",
        "role",
        "scopes",
        "expires_on",
        "key_prefix",
        "key_created_at",
        "revoked_at",
        "last_used_at",
        "created_at",
    ]
    actions = ["rotate_keys", "revoke_keys"]

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        if change:
            obj.save()
            keys.sync_service_user(obj)
        else:
            _show_key_once(request, obj, keys.create_client(obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted: the write history names the client

    @admin.action(description=gettext_lazy("Rotate the key of the chosen clients"))
    def rotate_keys(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset.filter(revoked_at__isnull=True):
            _show_key_once(request, client, keys.rotate_key(client))

    @admin.action(description=gettext_lazy("Revoke the chosen clients"))
    def revoke_keys(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            keys.revoke(client)
        messages.success(request, _("The chosen clients are revoked."))
