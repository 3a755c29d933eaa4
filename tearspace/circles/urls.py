from django.urls import path

from tearspace.circles import views

app_name = "circles"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.circle_create, name="create"),
    path("<id:circle_id>/", views.circle_detail, name="detail"),
    path("<id:circle_id>/invite/", views.circle_invite, name="invite"),
    path("<id:circle_id>/leave/", views.circle_leave, name="leave"),
    path("<id:circle_id>/delete/", views.circle_delete, name="delete"),
    path("<id:circle_id>/members/<id:user_id>/remove/", views.member_remove, name="remove"),
    path("join/<str:token>/", views.join, name="join"),
    path("invitations/<id:invitation_id>/", views.invitation_answer, name="invitation"),
    path("share/<id:entry_id>/", views.share_entry, name="share_entry"),
    path("shares/<id:share_id>/", views.share_detail, name="share"),
    path("shares/<id:share_id>/clip/", views.share_clip, name="share_clip"),
    path("shares/<id:share_id>/revoke/", views.share_revoke, name="revoke"),
    path("shares/<id:share_id>/reply/", views.reply_create, name="reply"),
    path("shares/<id:share_id>/react/", views.react, name="react"),
    path("shares/<id:share_id>/report/", views.share_report, name="share_report"),
    path("shares/<id:share_id>/block/", views.share_block, name="share_block"),
    path("replies/<id:reply_id>/hide/", views.reply_hide, name="reply_hide"),
    path("replies/<id:reply_id>/report/", views.reply_report, name="reply_report"),
    path("replies/<id:reply_id>/block/", views.reply_block, name="reply_block"),
    path("blocks/", views.blocks, name="blocks"),
    path("notifications/", views.notifications, name="notifications"),
    path("community/", views.community, name="community"),
]
