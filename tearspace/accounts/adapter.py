"""allauth, told how Tearspace compares handles."""

import unicodedata
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

from tearspace.accounts.handles import canonical_handle
from tearspace.accounts.models import User

# Set in the session that made the account: its home says "Welcome" (not "Welcome back") and
# offers first steps. A later sign-in starts a new session, and so a "Welcome back".
NEW_ACCOUNT_SESSION_KEY = "tearspace_new_account"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        """Save the new account in the language its pages were in (the footer's choice, else the
        browser's Accept-Language) and mark this session as the one that made it."""
        user.language = translation.get_language_from_request(request)
        user = super().save_user(request, user, form, commit=commit)
        request.session[NEW_ACCOUNT_SESSION_KEY] = True
        return user

    def clean_username(self, username: str, shallow: bool = False) -> str:
        """Validate a new handle (NFKC) and refuse one that only differs from another in form."""
        username = super().clean_username(unicodedata.normalize("NFKC", username), shallow=shallow)
        if not shallow and User.objects.filter(handle_key=canonical_handle(username)).exists():
            raise self.validation_error("username_taken")
        return username
