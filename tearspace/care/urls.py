from django.urls import path

from tearspace.care import views

app_name = "care"

urlpatterns = [
    path("", views.index, name="index"),
    path("intake/", views.intake, name="intake"),
    path("matches/", views.matches, name="matches"),
    path("ask/", views.ask, name="ask"),
    path("requests/<id:request_id>/", views.request_page, name="request"),
    path("requests/<id:request_id>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/<id:request_id>/answer/", views.answer, name="answer"),
    path("requests/<id:request_id>/share/", views.share, name="share"),
    path("requests/<id:request_id>/shares/<id:share_id>/revoke/", views.revoke, name="revoke"),
    path("requests/<id:request_id>/self-checks/", views.self_checks, name="self_checks"),
    path("requests/<id:request_id>/messages/", views.conversation, name="messages"),
    path("inbox/", views.inbox, name="inbox"),
    path("profile/", views.profile, name="profile"),
    path("operator/", views.dashboard, name="dashboard"),
    path("operator/therapists/<id:profile_id>/", views.verify, name="verify"),
    path("operator/import/", views.import_therapists, name="import"),
]
