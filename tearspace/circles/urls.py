from django.urls import path

from tearspace.circles import views

app_name = "circles"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.circle_create, name="create"),
    path("<int:circle_id>/", views.circle_detail, name="detail"),
    path("<int:circle_id>/invite/", views.circle_invite, name="invite"),
    path("<int:circle_id>/leave/", views.circle_leave, name="leave"),
    path("<int:circle_id>/delete/", views.circle_delete, name="delete"),
    path("<int:circle_id>/members/<int:user_id>/remove/", views.member_remove, name="remove"),
    path("join/<str:token>/", views.join, name="join"),
    path("invitations/<int:invitation_id>/", views.invitation_answer, name="invitation"),
    path("share/<int:entry_id>/", views.share_entry, name="share_entry"),
    path("shares/<int:share_id>/", views.share_detail, name="share"),
    path("shares/<int:share_id>/clip/", views.share_clip, name="share_clip"),
    path("shares/<int:share_id>/revoke/", views.share_revoke, name="revoke"),
    path("shares/<int:share_id>/reply/", views.reply_create, name="reply"),
    path("shares/<int:share_id>/react/", views.react, name="react"),
    path("shares/<int:share_id>/report/", views.share_report, name="share_report"),
    path("shares/<int:share_id>/block/", views.share_block, name="share_block"),
    path("replies/<int:reply_id>/hide/", views.reply_hide, name="reply_hide"),
    path("replies/<int:reply_id>/report/", views.reply_report, name="reply_report"),
    path("replies/<int:reply_id>/block/", views.reply_block, name="reply_block"),
    path("blocks/", views.blocks, name="blocks"),
    path("notifications/", views.notifications, name="notifications"),
    path("community/", views.community, name="community"),
]
