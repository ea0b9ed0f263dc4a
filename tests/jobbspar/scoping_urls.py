"""A throwaway URLconf for tests/jobbspar/test_scoping.py: views that forget the access filter
(and views that do it right), to prove the forgetful ones fail loudly."""

from django.http import HttpResponse
from django.urls import path

from jobbspar import access
from participants.models import CaseNote, Participant
from tracks.models import Track


def forgot_the_filter(request):
    return HttpResponse(", ".join(p.name for p in Participant.objects.all()))


def forgot_the_filter_on_a_count(request):
    return HttpResponse(str(Track.objects.filter(status="planned").count()))


def scoped(request):
    people = access.participants_for(request.user).filter(name__startswith="A").order_by("name")
    return HttpResponse(", ".join(people.values_list("name", flat=True)))


def related_of_an_obtained_object(request, pk):
    participant = access.participants_for(request.user).get(pk=pk)
    return HttpResponse(str(participant.notes.count()))


def related_of_an_organisation(request):
    # The organisation was not obtained through access: its case notes are not a scope.
    return HttpResponse(str(request.user.organisation.case_notes.count()))


def deliberately_unscoped(request):
    with access.unscoped("test: counting every participant on purpose"):
        return HttpResponse(str(Participant.objects.count()))


def mixing_scoped_and_unscoped(request):
    mixed = access.participants_for(request.user) | Participant.objects.all()
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
