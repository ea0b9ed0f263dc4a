from django.urls import path

from steering import money_views, report_views, views

app_name = "steering"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.steering_page, name="page"),
    path("<int:pk>/report/", report_views.report, name="report"),
    path("<int:pk>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("<int:pk>/target/", views.target_edit, name="target_edit"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/decisions/", views.decisions, name="decisions"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/budgets/new/", money_views.budget_create, name="budget_create"),
    path("<int:pk>/costs/", money_views.costs, name="costs"),
    path("<int:pk>/costs/new/", money_views.cost_create, name="cost_create"),
    path("costs/<int:pk>/delete/", money_views.cost_delete, name="cost_delete"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/done/", views.decision_done, name="decision_done"),
    path("budgets/<int:pk>/", money_views.budget_detail, name="budget_detail"),
    path("budgets/<int:pk>/edit/", money_views.budget_edit, name="budget_edit"),
    path("budgets/<int:pk>/draw-downs/new/", money_views.draw_down_create, name="draw_down_create"),
    path("draw-downs/<int:pk>/delete/", money_views.draw_down_delete, name="draw_down_delete"),
]
