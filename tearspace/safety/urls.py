from django.urls import path

from tearspace.safety import views

app_name = "safety"
urlpatterns = [
    path("", views.help_now, name="help"),
    path("mind/", views.mind, name="mind"),
    path("self-checks/", views.self_checks, name="self_checks"),
    path("self-checks/<id:check_id>/", views.self_check_result, name="self_check_result"),
    path("self-checks/<slug:kind>/", views.take_self_check, name="take_self_check"),
    path("standing/", views.standing, name="standing"),
    path("standing/<id:sanction_id>/appeal/", views.appeal, name="appeal"),
    path("insight/dismiss/", views.dismiss_insight, name="dismiss_insight"),
]
