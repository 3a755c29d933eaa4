from django.urls import path

from tearspace.safety import moderation_views as views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<slug:kind>/<int:case_id>/", views.case_detail, name="case"),
    path("<slug:kind>/<int:case_id>/act/", views.case_act, name="act"),
]
