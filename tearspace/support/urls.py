from django.urls import path

from tearspace.support import views

app_name = "support"
urlpatterns = [
    path("", views.start, name="start"),
    path("age/", views.age, name="age"),
    path("waiting/", views.waiting, name="waiting"),
    path("waiting/cancel/", views.cancel, name="cancel"),
    path("waiting/later/", views.later, name="later"),
    path("crisis/", views.crisis, name="crisis"),
    path("chats/<id:match_id>/", views.chat, name="chat"),
    path("chats/<id:match_id>/end/", views.end, name="end"),
    path("chats/<id:match_id>/relief/", views.relief, name="relief"),
    path("chats/<id:match_id>/note/", views.note, name="note"),
    path("chats/<id:match_id>/stay/", views.stay, name="stay"),
    path("chats/<id:match_id>/handover/", views.handover, name="handover"),
    path("groups/<id:group_id>/", views.group, name="group"),
    path("groups/<id:group_id>/leave/", views.group_leave, name="group_leave"),
    path("listen/", views.listen, name="listen"),
    path("listen/volunteer/", views.volunteer, name="volunteer"),
    path("listen/conduct/", views.conduct, name="conduct"),
    path("listen/orientation/", views.orientation, name="orientation"),
    path("listen/availability/", views.availability, name="availability"),
    path("listen/debrief/", views.debrief, name="debrief"),
    path("listeners/", views.listeners, name="listeners"),
    path("listeners/<id:user_id>/pause/", views.pause, name="pause"),
]
