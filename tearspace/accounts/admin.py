from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tearspace.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "role", "country", "is_active", "date_joined")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Tearspace", {"fields": ("role", "country", "language", "theme")}),
    )
