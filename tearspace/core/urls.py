from django.urls import path

from tearspace.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("welcome/close/", views.welcome_close, name="welcome_close"),
    path("healthz", views.healthz, name="healthz"),
    path("styleguide/", views.styleguide, name="styleguide"),
]
