from django.urls import path

from tearspace.rooms import views

app_name = "rooms"
urlpatterns = [
    path("", views.room_list, name="list"),
    path("new/", views.room_new, name="new"),
    path("<id:room_id>/", views.room_detail, name="detail"),
    path("<id:room_id>/join/", views.room_join, name="join"),
    path("<id:room_id>/leave/", views.room_leave, name="leave"),
    path("<id:room_id>/reminder/", views.room_reminder, name="reminder"),
    path("<id:room_id>/enter/", views.room_enter, name="enter"),
    path("<id:room_id>/live/", views.room_live, name="live"),
    path("<id:room_id>/after/", views.room_after, name="after"),
    path(
        "<id:room_id>/invitations/<id:invitation_id>/answer/",
        views.invitation_answer,
        name="invitation_answer",
    ),
    path("<id:room_id>/clips/", views.clip_add, name="clip_add"),
    path("<id:room_id>/clips/<id:clip_id>/media", views.clip_media, name="clip_media"),
]
