from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tearspace.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from tearspace.accounts import data
        from tearspace.accounts.models import User

        def export_account(user: User) -> dict[str, object]:
            return {
                **user.to_dict(),
                "access_tokens": [token.to_dict() for token in user.access_tokens.all()],
            }

        data.register(data.DataContributor(name="account", export=export_account))
