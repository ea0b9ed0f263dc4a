from django.urls import path

from tracks.views import followups

app_name = "follow_ups"

urlpatterns = [
    path("", followups.follow_up_list, name="list"),
    path("<int:pk>/", followups.follow_up_answer, name="answer"),
]
