from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tearspace.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa.models import Authenticator
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save, pre_save

        from tearspace.accounts import data, live
        from tearspace.accounts.middleware import stamp_sign_in
        from tearspace.accounts.models import User

        user_logged_in.connect(stamp_sign_in, dispatch_uid="tearspace-idle-clock")
        pre_save.connect(live.remember_access, sender=User, dispatch_uid="tearspace-live-1")
        post_save.connect(live.end_sockets_on_change, sender=User, dispatch_uid="tearspace-live-2")
        post_delete.connect(
            live.end_sockets_on_second_factor_removed,
            sender=Authenticator,
            dispatch_uid="tearspace-live-3",
        )

        def export_account(user: User) -> dict[str, object]:
            return {
                **user.to_dict(),
                "access_tokens": [token.to_dict() for token in user.access_tokens.all()],
            }

        data.register(data.DataContributor(name="account", export=export_account))


class TearspaceAdminConfig(admin_apps.AdminConfig):
    """`django.contrib.admin` with StaffMFAAdminSite (second factor required) as `admin.site`."""

    default = False  # AccountsConfig stays this module's default

    default_site = "tearspace.accounts.admin_site.StaffMFAAdminSite"
