from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from tearspace.accounts.access import signed_in_user
from tearspace.accounts.actions import (
    do_create_token,
    do_delete_account,
    do_revoke_token,
    do_update_settings,
)
from tearspace.accounts.auth import api_auth, require_fresh_session
from tearspace.accounts.data import export_data
from tearspace.accounts.forms import SettingsForm
from tearspace.accounts.models import TokenScope
from tearspace.accounts.selectors import live_token_list

router = Router(auth=api_auth, tags=["account"])


class MeOut(Schema):
    handle: str
    email: str | None
    role: str
    country: str | None
    language: str
    theme: str
    time_zone: str | None
    date_joined: str


class MeIn(Schema):
    handle: str | None = None
    language: str | None = None
    country: str | None = None
    theme: str | None = None
    time_zone: str | None = None


class DeleteIn(Schema):
    confirm: str


class TokenIn(Schema):
    name: str
    scope: TokenScope = TokenScope.READ


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: str
    created_at: str
    last_used_at: str | None


class NewTokenOut(Schema):
    token: TokenOut
    secret: str


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, object]:
    return signed_in_user(request).to_dict()


@router.patch("/me", response={200: MeOut, 400: dict})
def update_me(request: HttpRequest, payload: MeIn) -> tuple[int, dict[str, object]]:
    user = signed_in_user(request)
    changes = payload.dict(exclude_none=True)
    if "handle" in changes:
        changes["username"] = changes.pop("handle")
    form = SettingsForm(
        {**{f: getattr(user, f) for f in SettingsForm.Meta.fields}, **changes}, instance=user
    )
    if not form.is_valid():
        return 400, {
            "detail": _("Some settings were not valid."),
            "errors": form.errors.get_json_data(),
        }
    do_update_settings(user=user, **{k: form.cleaned_data[k] for k in changes})
    return 200, user.to_dict()


@router.get("/me/export")
def export(request: HttpRequest) -> dict[str, object]:
    """Everything Tearspace holds about you. Needs a browser session that just confirmed its
    password (403 otherwise, and always for tokens)."""
    require_fresh_session(request)
    return export_data(signed_in_user(request))


@router.post("/me/delete", response={204: None})
def delete_me(request: HttpRequest, payload: DeleteIn) -> tuple[int, None]:
    """Delete your account. Needs a fresh password confirmation in the browser, like export."""
    require_fresh_session(request)
    user = signed_in_user(request)
    if payload.confirm.strip() != user.username:
        raise HttpError(400, _("Send your handle as 'confirm' to delete your account."))
    do_delete_account(user=user)
    return 204, None


@router.get("/tokens", response=list[TokenOut])
def tokens(request: HttpRequest) -> list[dict[str, object]]:
    return [token.to_dict() for token in live_token_list(signed_in_user(request))]


@router.post("/tokens", response={201: NewTokenOut})
def create_token(request: HttpRequest, payload: TokenIn) -> tuple[int, dict[str, object]]:
    """Make a token ("read" or "write" scope). Needs a fresh password confirmation in the
    browser; a token can never make another."""
    require_fresh_session(request)
    token, raw = do_create_token(
        user=signed_in_user(request), name=payload.name, scope=payload.scope
    )
    return 201, {"token": token.to_dict(), "secret": raw}


@router.delete("/tokens/{id:token_id}", response={204: None})
def revoke_token(request: HttpRequest, token_id: int) -> tuple[int, None]:
    if not do_revoke_token(user=signed_in_user(request), token_id=token_id):
        raise HttpError(404, _("No such token."))
    return 204, None
