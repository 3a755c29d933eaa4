from django.urls import path

from tearspace.journal import views

app_name = "journal"
urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("new/", views.entry_new, name="new"),
    path("quick/", views.quick_log, name="quick"),
    path("growth/", views.dashboard, name="dashboard"),
    path("import/", views.journal_import, name="import"),
    path("<id:entry_id>/", views.entry_detail, name="detail"),
    path("<id:entry_id>/edit/", views.entry_edit, name="edit"),
    path("<id:entry_id>/delete/", views.entry_delete, name="delete"),
    path("<id:entry_id>/relief/", views.entry_relief, name="relief"),
    path("<id:entry_id>/reflect/", views.entry_reflect, name="reflect"),
    path("<id:entry_id>/clip/", views.clip_stream, name="clip"),
    path("<id:entry_id>/clip/delete/", views.clip_delete, name="clip_delete"),
    path("montage/", views.montage_index, name="montage_index"),
    path("montage/<uuid:montage_id>/", views.montage_detail, name="montage_detail"),
    path("montage/<uuid:montage_id>/cancel/", views.montage_cancel, name="montage_cancel"),
    path("montage/<uuid:montage_id>/download/", views.montage_download, name="montage_download"),
]
