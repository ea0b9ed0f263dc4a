from django.urls import path

from home import views

urlpatterns = [
    path("", views.start, name="home"),
    path("bench/floor/", views.bench_floor, name="bench_floor"),
]
