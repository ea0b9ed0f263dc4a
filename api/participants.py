"""A participant: read (with its ETag) and changed (PATCH with If-Match), with the edit form's
own validation and the web's rules: a person the client may see, fields its role may see."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api.etags import changed_meanwhile, precondition_problem, with_etag
from api.forms import form_problem
from api.models import ApiScope
from api.problems import problem
from api.serializers import ParticipantRegistrationSerializer, ParticipantSerializer
from api.views import ParticipantDetail
from jobbspar import access, audit, locking
from jobbspar.models import User
from jobbspar.repeats import once_per_row
from participants import access as participants_access
from participants import registration
from participants.forms import ParticipantForm
from participants.models import Participant

_ETAG_ANSWER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description='The record\'s version, e.g. "3": send it in If-Match to change the record.',
)
_ETAG_HEADER = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the GET you start from, e.g. "3".',
)


class ParticipantResource(ParticipantDetail):
    write_scope = ApiScope.PARTICIPANTS_WRITE
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(parameters=[_ETAG_ANSWER])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        return with_etag(response, response.data["version"])

    @extend_schema(
        request=ParticipantRegistrationSerializer(partial=True),
        parameters=[_ETAG_HEADER, _ETAG_ANSWER],
        responses={
            200: ParticipantSerializer,
            412: OpenApiResponse(description="Changed since the If-Match version"),
            428: OpenApiResponse(description="If-Match missing"),
        },
    )
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not participants_access.can_edit_participants(self.user):
            raise PermissionDenied(_("This client's role does not change participants."))
        participant = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if not request.headers.get("If-Match"):
            return precondition_problem(request, participant.version)  # 428
        if not isinstance(request.data, dict):
            return problem(status.HTTP_400_BAD_REQUEST, _("Send the changes as a JSON object."))
        form = ParticipantForm(
            _merged(participant, request.data, self.user), instance=participant, user=self.user
        )
        unknown = sorted(set(request.data) - set(form.fields) - {"version"})
        if unknown:
            return problem(
                status.HTTP_400_BAD_REQUEST,
                _("Correct the fields named in “errors”."),
                errors=[
                    {"field": name, "message": _("Not a field you may change.")} for name in unknown
                ],
            )
        with once_per_row():  # the coordinator and the job coach: two lookups, not N+1
            valid = form.is_valid()
        if form.conflicts:  # saved by someone else since the If-Match was checked
            return changed_meanwhile(Participant._base_manager.get(pk=participant.pk).version)
        if not valid:
            return form_problem(form)
        # Across organisations on purpose, as the edit page: only "taken" is revealed.
        with access.unscoped("api: is this personal identity number taken"):
            clash = (
                Participant.objects.filter(personal_number=form.cleaned_data["personal_number"])
                .exclude(pk=participant.pk)
                .exists()
            )
        if clash:
            form.add_error(
                "personal_number",
                _("Another participant already has this personal identity number."),
            )
            return form_problem(form)
        # A valid change to an older version than the stored one: 412 (checked after the body,
        # so that a malformed request is a 400 whatever its If-Match).
        refused = precondition_problem(request, participant.version)
        if refused is not None:
            return refused
        saved = locking.save_or_conflict(
            form,
            lambda: registration.update_participant(
                participant=form.save(commit=False), by=self.user, changed=form.changed_data
            ),
        )
        if saved is None:
            if form.conflicts:
                return changed_meanwhile(Participant._base_manager.get(pk=participant.pk).version)
            return form_problem(form)
        audit.log_page_read(request, saved)
        return with_etag(Response(ParticipantSerializer(saved).data), saved.version)


def _merged(participant: Participant, changes: dict[str, Any], user: User) -> dict[str, Any]:
    """The form as the edit page would post it for `participant`, with `changes` applied
    (JSON false or null clears a checkbox or a field)."""
    unbound = ParticipantForm(instance=participant, user=user)
    posted: dict[str, Any] = {}
    for name in unbound.fields:
        value = unbound[name].value()
        if value is True:
            posted[name] = "on"
        elif value not in (None, False, ""):
            posted[name] = value
    for name, value in changes.items():
        if value is True:
            posted[name] = "on"
        elif value is False or value is None:
            posted.pop(name, None)
        else:
            posted[name] = value
    posted["version"] = participant.version
    return posted
