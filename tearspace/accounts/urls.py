from django.urls import path

from tearspace.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.settings_view, name="settings"),
    path("tokens/", views.token_create, name="token_create"),
    path("tokens/<id:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("export/", views.export_view, name="export"),
    path("delete/", views.delete_view, name="delete"),
]
