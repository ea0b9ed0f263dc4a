"""The mechanism of every bulk action: acting on several people at once.

An app's bulk action (tracks.bulk: move, present, remind, nominate; participants: export) is the
single action made once per person, each in its own transaction with its own row lock and
history row, so one refusal never undoes or blocks the others. This module gives them one way
to work and one page: choose, **preview** (the same calls inside a savepoint that is always
rolled back, so what it says will happen is what the rules say), **confirm** (carried out only
for the choice and the data the preview showed, by fingerprint), and each person's result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.forms.boundfield import BoundWidget
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobbspar import audit
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import AccessPurpose
from jobbspar.repeats import once_per_row

# The most people one bulk action may name: a pool is a few dozen people, and every change is
# a locked transaction of its own.
MAX_CHOSEN = 100


class Result:
    DONE = "moved"
    MOVED = DONE  # the name the bulk move has always used
    ALREADY_THERE = "already_there"
    REFUSED = "refused"


def _person(subject: Any) -> Any:
    """The person a subject is: a participant, or the participant of a track membership."""
    return getattr(subject, "participant", subject)


@dataclass(frozen=True)
class Outcome:
    """One person's part of a bulk action: the subject (a participant, or their membership of a
    track) as it was before the action, and what happened."""

    subject: Any
    result: str
    refusal: str = ""

    @property
    def name(self) -> str:
        return str(_person(self.subject).name)

    @property
    def before(self) -> str:
        """The membership's state, or the participant's status, before the action."""
        display = getattr(self.subject, "get_state_display", None)
        return str(display() if display else self.subject.get_status_display())


class _Rollback(Exception):
    """Raised inside the preview's savepoint so that nothing it did is kept."""


T = TypeVar("T")


def rehearse(run: Callable[[], list[Outcome]]) -> list[Outcome]:
    """Run a bulk action inside a savepoint that is always rolled back: its outcomes, none of
    its effects."""
    outcomes: list[Outcome] = []
    try:
        with transaction.atomic(), once_per_row():
            outcomes = run()
            raise _Rollback
    except _Rollback:
        pass
    return outcomes


def each(items: Iterable[T], act: Callable[[T], Outcome]) -> list[Outcome]:
    """`act` once per item, in order: the repeats are meant, one locked change per row."""
    with once_per_row():
        return [act(item) for item in items]


# --- The form ------------------------------------------------------------------------------


def data_fingerprint(action: str, versions: list[tuple[int, str]], *choice: str) -> str:
    """A choice and the data it was previewed on: each chosen row's id and its state (or status)
    then, and the action's own fields. A row changed since the preview changes it."""
    rows = ",".join(f"{pk}:{version}" for pk, version in sorted(versions))
    return hashlib.sha256("\n".join([action, rows, *choice]).encode()).hexdigest()[:32]


def too_many() -> str:
    return ngettext(
        "Choose at most %(count)s participant at a time.",
        "Choose at most %(count)s participants at a time.",
        MAX_CHOSEN,
    ) % {"count": MAX_CHOSEN}


class BulkChoiceForm(forms.Form):
    """A choice of several people and the fingerprint of its preview. Subclasses declare the
    chosen field (named by `chosen`, a ModelMultipleChoiceField with checkboxes), the action's
    name and its own fields."""

    chosen = "members"
    action = ""
    # What the confirmation was shown for: an action is carried out only as it was previewed.
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if len(data.get(self.chosen) or []) > MAX_CHOSEN:
            self.add_error(self.chosen, too_many())
        return data

    def chosen_objects(self) -> list[Any]:
        return list(self.cleaned_data[self.chosen])

    def version(self, obj: Any) -> str:
        """What of a chosen row, changed after the preview, makes the preview stale."""
        return str(obj.state)

    def before(self, obj: Any) -> str:
        return str(obj.get_state_display())

    def choice(self) -> list[str]:
        """The action's own fields, as they go into the fingerprint."""
        return []

    def fingerprint(self) -> str:
        versions = [(obj.pk, self.version(obj)) for obj in self.chosen_objects()]
        return data_fingerprint(self.action, versions, *self.choice())

    def rows(self) -> list[tuple[BoundWidget, str]]:
        """Each checkbox with the person's state (or status) now."""
        return [
            (checkbox, self.before(checkbox.data["value"].instance))
            for checkbox in self[self.chosen]
        ]

    def other_fields(self) -> list[Any]:
        return [f for f in self if f.name not in {self.chosen, "previewed"}]


# --- The page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BulkAction:
    """How one bulk action reads and what it does. `run(chosen, form, request)` carries it out
    (the preview runs the same inside a rolled-back savepoint); `respond`, when given, answers
    the confirmation with a file instead of a result page (an export)."""

    title: Any
    intro: Any
    will: Any  # the outcome in the preview ("Will be moved")
    did: Any  # the outcome after it ("Moved")
    wont: Any  # "Will not be moved:"
    didnt: Any  # "Not moved:"
    heading: Callable[[Any], str]
    result_heading: Callable[[Any], str]
    confirm: Callable[[int], str]
    done: Callable[[int], str]
    run: Callable[[list[Any], Any, AuthenticatedRequest], list[Outcome]]
    respond: Callable[[list[Any], AuthenticatedRequest], HttpResponse] | None = None


def initial_choice(request: AuthenticatedRequest, field: str, among: QuerySet) -> dict[str, Any]:
    """A choice handed over by a GET (ticked on the board or the list, or everyone with
    `?all=1`), to preselect."""
    if request.GET.get("all") == "1":
        return {field: [str(pk) for pk in among.values_list("pk", flat=True)[:MAX_CHOSEN]]}
    ids = [value for value in request.GET.getlist(field) if value.isdigit()]
    return {field: ids} if ids else {}


def chosen_ids(request: AuthenticatedRequest, field: str) -> list[int]:
    """The ids a request names in `field` (posted, or handed over by a GET), for narrowing a
    large list (every participant one may see) to the chosen rows before the form shows them.
    At most one more than allowed, so that too many is still said."""
    values = request.POST.getlist(field) if request.method == "POST" else request.GET.getlist(field)
    ids = [int(v) for v in values if v.isdigit() and len(v) < 10]
    return ids[: MAX_CHOSEN + 1]


def _log_case_work(request: AuthenticatedRequest, chosen: list[Any]) -> None:
    # Acting on the chosen people is case work on each of them.
    audit.log_reads(
        user=request.user,
        objects=[_person(obj) for obj in chosen],
        purpose=AccessPurpose.CASE_WORK,
        path=request.path,
    )


def run_bulk_action(
    request: AuthenticatedRequest,
    *,
    action: BulkAction,
    form: BulkChoiceForm,
    context: dict[str, Any],
) -> HttpResponse:
    """Preview or carry out `action` on the form's choice: the page, or the file. The context
    gives `back_url`, `back_label`, `again_url` (this page) and `empty` (said when there is
    nobody to choose)."""
    outcomes: list[Outcome] | None = None
    previewed = ""
    done = False
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_objects()
        if "confirm" in request.POST and form.cleaned_data["previewed"] == form.fingerprint():
            if action.respond is not None:
                return action.respond(chosen, request)
            _log_case_work(request, chosen)
            outcomes = action.run(chosen, form, request)
            done = True
            messages.success(
                request, action.done(sum(1 for o in outcomes if o.result == Result.DONE))
            )
        else:
            if "confirm" in request.POST:
                messages.warning(
                    request,
                    _(
                        "The choice, or one of the chosen people, changed after the preview; "
                        "check the preview again."
                    ),
                )
            _log_case_work(request, chosen)
            outcomes = rehearse(lambda: action.run(chosen, form, request))
            previewed = form.fingerprint()
    will_do = sum(1 for o in outcomes or [] if o.result == Result.DONE)
    heading = ""
    if outcomes is not None:
        heading = (action.result_heading if done else action.heading)(form)
    return render(
        request,
        "includes/bulk_action.html",
        {
            **context,
            "action": action,
            "form": form,
            "outcomes": outcomes,
            "done": done,
            "previewed": previewed,
            "heading": heading,
            "will_do": will_do,
            "confirm_label": action.confirm(will_do),
            "Result": Result,
        },
    )
