from django.urls import path

from tearspace.safety import moderation_views as views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("report/<id:case_id>/sanction/", views.sanction, name="sanction"),
    path("sanctions/<id:sanction_id>/lift/", views.lift, name="lift"),
    path("appeals/<id:appeal_id>/decide/", views.decide_appeal, name="decide_appeal"),
    path("<slug:kind>/<id:case_id>/", views.case_detail, name="case"),
    path("<slug:kind>/<id:case_id>/act/", views.case_act, name="act"),
]
