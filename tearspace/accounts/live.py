"""End a person's open sockets when what let them in changes: password, second factor, role.

Every path that changes these (allauth's pages, a reset link, the admin, `changepassword`, a
shell) saves the user row or deletes the authenticator, so the model signals are the one place
none of them can skip. The receivers only ring the doorbell (`announce_sessions_ended`, sent
after commit through the live outbox); what a browser may do when it connects again is decided
by the checks every socket passes at connect (tearspace.accounts.access and the session's
password hash).
"""

from typing import Any

from allauth.mfa.models import Authenticator

from tearspace.accounts.models import User
from tearspace.core.events import announce_sessions_ended

# What a socket was let in on. A promotion ends sockets too: a new staff role needs its second
# factor before any socket opens (RequireStaffMFASocketMiddleware).
WATCHED = ("password", "role", "is_staff", "is_superuser", "is_active")
_STORED = "_tearspace_stored_access"


def remember_access(sender: type[User], instance: User, **kwargs: Any) -> None:
    """pre_save: note the stored values of WATCHED when this save may change one of them."""
    fields = kwargs.get("update_fields")
    if instance.pk is None or (fields is not None and not set(fields) & set(WATCHED)):
        return
    instance.__dict__[_STORED] = User.objects.filter(pk=instance.pk).values_list(*WATCHED).first()


def end_sockets_on_change(sender: type[User], instance: User, **kwargs: Any) -> None:
    """post_save: end the person's sockets when a WATCHED value changed."""
    stored = instance.__dict__.pop(_STORED, None)
    if stored is not None and tuple(stored) != tuple(getattr(instance, f) for f in WATCHED):
        announce_sessions_ended(instance.pk)


def end_sockets_on_second_factor_removed(
    sender: type[Authenticator], instance: Authenticator, **kwargs: Any
) -> None:
    """post_delete: a removed TOTP ends the sockets that a staff role opened with it."""
    if instance.type == Authenticator.Type.TOTP:
        announce_sessions_ended(instance.user_id)
