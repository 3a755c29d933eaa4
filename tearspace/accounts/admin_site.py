"""The Django admin, under the same second-factor rule as every other interface."""

from django.contrib import admin
from django.http import HttpRequest

from tearspace.accounts.access import second_factor_missing


class StaffMFAAdminSite(admin.AdminSite):
    """Django's admin site, closed to staff accounts that have not set up TOTP yet."""

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not second_factor_missing(request.user)
