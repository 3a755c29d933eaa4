from urllib.parse import urlsplit

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware import csrf
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from tearspace.accounts import clock
from tearspace.accounts.access import signed_in_user
from tearspace.accounts.actions import (
    do_create_token,
    do_delete_account,
    do_revoke_token,
    do_set_language,
    do_update_settings,
)
from tearspace.accounts.data import export_archive
from tearspace.accounts.forms import DeleteAccountForm, SettingsForm, TokenForm
from tearspace.accounts.middleware import posted_words, referrer_path
from tearspace.accounts.selectors import live_token_list
from tearspace.core.validators import attachment_header


def _settings_page(
    request: HttpRequest,
    *,
    form: SettingsForm | None = None,
    token_form: TokenForm | None = None,
    new_token: str | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form or SettingsForm(instance=user),
            "token_form": token_form or TokenForm(),
            "tokens": live_token_list(user),
            "new_token": new_token,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _settings_page(request)
    form = SettingsForm(request.POST, instance=signed_in_user(request))
    if not form.is_valid():
        return _settings_page(request, form=form, status=400)
    do_update_settings(
        user=signed_in_user(request), **{k: form.cleaned_data[k] for k in form.fields}
    )
    messages.success(request, _("Your settings are saved."))
    return redirect("accounts:settings")


# Making a token, exporting and deleting ask for the password again (allauth keeps the request
# and finishes it after), so an unattended session is not enough.
@login_required
@require_POST
@reauthentication_required
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, token_form=form, status=400)
    _token, raw = do_create_token(
        user=signed_in_user(request),
        name=form.cleaned_data["name"],
        scope=form.cleaned_data["scope"],
    )
    return _settings_page(request, new_token=raw)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if do_revoke_token(user=signed_in_user(request), token_id=token_id):
        messages.success(request, _("That token no longer works."))
    else:
        messages.error(request, _("That token was not found. It may already be revoked."))
    return redirect("accounts:settings")


@login_required
@require_GET
@reauthentication_required
def export_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    response = HttpResponse(export_archive(user), content_type="application/zip")
    stamp = clock.today(user).isoformat()
    response["Content-Disposition"] = attachment_header(
        f"tearspace-{user.username}-{stamp}.zip", fallback=f"tearspace-export-{stamp}.zip"
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required
def delete_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        do_delete_account(user=user)
        logout(request)
        return render(request, "accounts/deleted.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """Show pages in the language picked in the footer (form field `language`, an ISO 639-1
    code from settings.LANGUAGES; `next`, the page to go back to), for everyone: a cookie
    remembers it for this browser (django.views.i18n.set_language), and a signed-in person's
    settings keep it for every device, e-mail and notification. An unknown code is a 400.
    """
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Please choose one of the languages offered."))
    if request.user.is_authenticated:
        do_set_language(user=signed_in_user(request), language=code)
    return set_language(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF_FAILURE_VIEW: a form sent from a page that was open too long (or from
    somewhere else) is refused with 403, in the person's language and Tearspace's look, and
    the words they sent are shown back so nothing typed is lost (`reason` is Django's, for
    logs; it is not shown). Under /api/ the JSON-errors middleware answers instead.
    """
    # Words are shown back only for a stale or missing token on a form sent from our own pages:
    # a form another site sent (wrong origin or referer) never gets its text onto our page.
    referer = urlsplit(request.headers.get("referer", "")).netloc
    own_page = request.headers.get("sec-fetch-site", "same-origin") == "same-origin" and (
        referer in {"", request.get_host()}
    )
    stale = reason in {csrf.REASON_NO_CSRF_COOKIE, csrf.REASON_CSRF_TOKEN_MISSING} or (
        reason.startswith("CSRF token")
    )
    words = posted_words(request) if own_page and stale else []
    context = {"words": words, "next": referrer_path(request)}
    return render(request, "403_csrf.html", context, status=403)
