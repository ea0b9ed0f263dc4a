from django.urls import path

from tracks import followup_views

app_name = "follow_ups"

urlpatterns = [
    path("", followup_views.follow_up_list, name="list"),
    path("<int:pk>/", followup_views.follow_up_answer, name="answer"),
]
