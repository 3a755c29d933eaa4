"""allauth, told how Tearspace compares handles."""

import unicodedata

from allauth.account.adapter import DefaultAccountAdapter

from tearspace.accounts.handles import canonical_handle
from tearspace.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username: str, shallow: bool = False) -> str:
        """Validate a new handle (NFKC) and refuse one that only differs from another in form."""
        username = super().clean_username(unicodedata.normalize("NFKC", username), shallow=shallow)
        if not shallow and User.objects.filter(handle_key=canonical_handle(username)).exists():
            raise self.validation_error("username_taken")
        return username
