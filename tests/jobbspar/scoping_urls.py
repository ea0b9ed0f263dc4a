"""A throwaway URLconf for tests/jobbspar/test_scoping.py: views that forget the access filter
(and views that do it right), to prove the forgetful ones fail loudly."""

from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path
from django.views.generic import ListView

from jobbspar import access
from jobbspar.models import Organisation
from participants import access as participants_access
from participants.models import CaseNote, Participant
from tracks import access as tracks_access
from tracks.models import Track, TrackParticipant


def forgot_the_filter(request):
    return HttpResponse(", ".join(p.name for p in Participant.objects.all()))


def forgot_the_filter_on_a_count(request):
    return HttpResponse(str(Track.objects.filter(status="planned").count()))


def scoped(request):
    people = (
        participants_access.participants_for(request.user)
        .filter(name__startswith="A")
        .order_by("name")
    )
    return HttpResponse(", ".join(people.values_list("name", flat=True)))


def related_of_an_obtained_object(request, pk):
    participant = participants_access.participants_for(request.user).get(pk=pk)
    return HttpResponse(str(participant.notes.count()))


def related_of_an_organisation(request):
    # The organisation was not obtained through access: its case notes are not a scope.
    return HttpResponse(str(request.user.organisation.case_notes.count()))


def deliberately_unscoped(request):
    with access.unscoped("test: counting every participant on purpose"):
        return HttpResponse(str(Participant.objects.count()))


def mixing_scoped_and_unscoped(request):
    mixed = participants_access.participants_for(request.user) | Participant.objects.all()
    return HttpResponse(str(len(mixed)))


def note_through_the_model(request, pk):
    return HttpResponse(CaseNote.objects.get(pk=pk).text)


urlpatterns = [
    path("forgot/", forgot_the_filter),
    path("forgot-count/", forgot_the_filter_on_a_count),
    path("scoped/", scoped),
    path("related/<int:pk>/", related_of_an_obtained_object),
    path("organisation-notes/", related_of_an_organisation),
    path("unscoped/", deliberately_unscoped),
    path("mixed/", mixing_scoped_and_unscoped),
    path("note/<int:pk>/", note_through_the_model),
]


# --- Ways round the access functions that used to pass (issue 15, point 5) -------------------


class ListedBehindTheRoleMixin(access.RoleRequiredMixin, ListView):
    # A generic view with its model and no access function: Django's own code makes the queryset.
    allowed_roles = access.AUTHORITY_STAFF
    model = Participant
    allow_empty = False  # ListView.get() runs .exists() on the queryset it made


def combined(request, how):
    scoped = participants_access.participants_for(request.user).values("pk")
    everyone = Participant.objects.values("pk")
    return HttpResponse(str(len(getattr(scoped, how)(everyone))))


def inside_another_query(request, how):
    everyone = Participant.objects.all()
    if how == "in":
        organisations = Organisation.objects.filter(pk__in=everyone.values("registered_by"))
    elif how == "exists":
        organisations = Organisation.objects.filter(
            Exists(everyone.filter(registered_by=OuterRef("pk")))
        )
    else:
        organisations = Organisation.objects.annotate(
            someone=Subquery(everyone.filter(registered_by=OuterRef("pk")).values("name")[:1])
        )
    # Inside a scoped queryset too: the subquery is checked on its own.
    tracks = tracks_access.tracks_for(request.user).filter(
        pk__in=TrackParticipant.objects.values("track")
    )
    return HttpResponse(f"{len(organisations)} {len(tracks)}")


def raw_sql(request, through):
    base = (
        participants_access.participants_for(request.user)
        if through == "access"
        else Participant.objects
    )
    return HttpResponse(str(len(list(base.raw("SELECT * FROM participants_participant")))))


def streamed(request, through):
    def rows():
        yield "name\n"
        people = (
            participants_access.participants_for(request.user)
            if through == "access"
            else Participant.objects.all()
        )
        for person in people:
            yield f"{person.name}\n"

    return StreamingHttpResponse(rows(), content_type="text/csv")


def notes_of_a_hand_built_participant(request, pk):
    return HttpResponse(str(Participant(pk=pk).notes.count()))


def notes_of_a_participant_loaded_unscoped(request, pk):
    with access.unscoped("test: a record loaded on purpose without a scope"):
        participant = Participant.objects.get(pk=pk)
    return HttpResponse(str(participant.notes.count()))


def refetch_of_a_hand_built_participant(request, pk):
    return HttpResponse(str(access.refetch(Participant(pk=pk)).count()))


urlpatterns += [
    path("generic-list/", ListedBehindTheRoleMixin.as_view()),
    path("combined/<str:how>/", combined),
    path("inside/<str:how>/", inside_another_query),
    path("raw/<str:through>/", raw_sql),
    path("streamed/<str:through>/", streamed),
    path("hand-built/<int:pk>/", notes_of_a_hand_built_participant),
    path("loaded-unscoped/<int:pk>/", notes_of_a_participant_loaded_unscoped),
    path("refetch-hand-built/<int:pk>/", refetch_of_a_hand_built_participant),
]
