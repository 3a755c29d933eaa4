from django.urls import path

from tearspace.rooms import views

app_name = "rooms"
urlpatterns = [
    path("", views.room_list, name="list"),
    path("new/", views.room_new, name="new"),
    path("<int:room_id>/", views.room_detail, name="detail"),
    path("<int:room_id>/join/", views.room_join, name="join"),
    path("<int:room_id>/leave/", views.room_leave, name="leave"),
    path("<int:room_id>/reminder/", views.room_reminder, name="reminder"),
    path("<int:room_id>/enter/", views.room_enter, name="enter"),
    path("<int:room_id>/live/", views.room_live, name="live"),
    path("<int:room_id>/after/", views.room_after, name="after"),
    path(
        "<int:room_id>/invitations/<int:invitation_id>/answer/",
        views.invitation_answer,
        name="invitation_answer",
    ),
    path("<int:room_id>/clips/", views.clip_add, name="clip_add"),
    path("<int:room_id>/clips/<int:clip_id>/media", views.clip_media, name="clip_media"),
]
