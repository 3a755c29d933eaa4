from collections.abc import Callable
from datetime import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tearspace.accounts.access import signed_in_user
from tearspace.accounts.actions import do_unblock
from tearspace.circles import actions, selectors
from tearspace.circles.access import (
    access_circle_by_id,
    access_invitation_by_id,
    access_owned_circle_by_id,
    access_owned_share_by_id,
    access_reply_by_id,
    access_share_by_id,
)
from tearspace.circles.models import CONTENT_NOTES, Circle, ReactionKind, Reply, Share
from tearspace.core.idempotency import new_client_key, posted_client_key
from tearspace.core.validators import id_or_none
from tearspace.journal.access import access_entry_by_id
from tearspace.journal.models import EMOTION_CHOICES
from tearspace.lib.http import sealed_file_response
from tearspace.lib.limits import over_limit
from tearspace.notifications.actions import NotificationsError, do_mark_notifications_read
from tearspace.notifications.selectors import notification_list, notification_settings_for
from tearspace.safety.models import ReportReason


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "circles/slow_down.html", status=429)


def _page_number(request: HttpRequest) -> int:
    number = id_or_none(request.GET.get("page", "1"))
    return min(number, 10_000) if number else 1


# --- Circles ---------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    person = signed_in_user(request)
    return render(
        request,
        "circles/index.html",
        {
            "circles": selectors.circle_list(person=person),
            "invitations": selectors.pending_invitations(person=person),
            "my_shares": Share.objects.filter(author=person).order_by("-id")[:20],
            "client_key": new_client_key(),
        },
    )


@login_required
@require_POST
def circle_create(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "")
    try:
        circle, screening = actions.do_create_circle(
            owner=signed_in_user(request), name=name, client_key=posted_client_key(request)
        )
    except actions.CirclesError as error:
        person = signed_in_user(request)
        return render(
            request,
            "circles/index.html",
            {
                "circles": selectors.circle_list(person=person),
                "invitations": selectors.pending_invitations(person=person),
                "error": str(error),
                "name": name,
                "client_key": new_client_key(),
            },
            status=400,
        )
    if screening.show_help:
        messages.info(request, _("If things feel heavy, help is always one tap away."))
    return redirect("circles:detail", circle_id=circle.pk)


def _circle_page(
    request: HttpRequest, circle: Circle, status: int = 200, **extra: Any
) -> HttpResponse:
    person = signed_in_user(request)
    is_owner = circle.owner_id == person.pk
    members = list(selectors.member_list(circle=circle))
    return render(
        request,
        "circles/detail.html",
        {
            "circle": circle,
            "is_owner": is_owner,
            "members": members,
            "waiting": selectors.circle_invitations_waiting(circle=circle) if is_owner else [],
            "feed": selectors.circle_feed(person=person, circle=circle, page=_page_number(request)),
            **extra,
        },
        status=status,
    )


@login_required
@require_GET
def circle_detail(request: HttpRequest, circle_id: int) -> HttpResponse:
    return _circle_page(request, access_circle_by_id(request.user, circle_id))


@login_required
@require_POST
def circle_invite(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = access_owned_circle_by_id(request.user, circle_id)
    if over_limit(request, "invite"):
        return _too_many(request)
    handle = request.POST.get("handle", "").strip()
    if not handle:
        _invitation, token = actions.do_create_invite_link(
            circle=circle, inviter=signed_in_user(request)
        )
        link = request.build_absolute_uri(reverse("circles:join", args=[token]))
        return _circle_page(request, circle, invite_link=link)
    try:
        actions.do_invite_by_handle(circle=circle, inviter=signed_in_user(request), handle=handle)
    except actions.CirclesError as error:
        return _circle_page(request, circle, status=400, invite_error=str(error), handle=handle)
    messages.success(request, _("Invitation sent to %(handle)s.") % {"handle": handle})
    return redirect("circles:detail", circle_id=circle.pk)


@login_required
@require_POST
def circle_leave(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = access_circle_by_id(request.user, circle_id)
    try:
        actions.do_leave_circle(circle=circle, person=signed_in_user(request))
    except actions.CirclesError as error:
        return _circle_page(request, circle, status=400, invite_error=str(error))
    return redirect("circles:index")


@login_required
@require_POST
def circle_delete(request: HttpRequest, circle_id: int) -> HttpResponse:
    actions.do_delete_circle(circle=access_owned_circle_by_id(request.user, circle_id))
    return redirect("circles:index")


@login_required
@require_POST
def member_remove(request: HttpRequest, circle_id: int, user_id: int) -> HttpResponse:
    circle = access_owned_circle_by_id(request.user, circle_id)
    try:
        actions.do_remove_member(circle=circle, member_id=user_id)
    except actions.CirclesError as error:
        return _circle_page(request, circle, status=400, invite_error=str(error))
    return redirect("circles:detail", circle_id=circle.pk)


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.invitation_for_token(token)
    if invitation is None:
        return render(request, "circles/join.html", {"gone": True}, status=404)
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            actions.do_answer_invitation(
                invitation=invitation, person=signed_in_user(request), accept=accept
            )
        except actions.CirclesError as error:
            refused = str(error) if error.status == 403 else ""
            return render(
                request, "circles/join.html", {"gone": True, "refused": refused}, status=404
            )
        if accept:
            return redirect("circles:detail", circle_id=invitation.circle_id)
        return redirect("circles:index")
    return render(request, "circles/join.html", {"invitation": invitation, "token": token})


@login_required
@require_POST
def invitation_answer(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = access_invitation_by_id(request.user, invitation_id)
    accept = request.POST.get("answer") == "accept"
    try:
        actions.do_answer_invitation(
            invitation=invitation, person=signed_in_user(request), accept=accept
        )
    except actions.CirclesError as error:
        if error.status != 403:
            raise Http404 from None
        messages.info(request, str(error))
        return redirect("circles:index")
    if accept:
        return redirect("circles:detail", circle_id=invitation.circle_id)
    return redirect("circles:index")


# --- Shares ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def share_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    person = signed_in_user(request)
    entry = access_entry_by_id(person, entry_id)
    circles = list(selectors.circle_list(person=person))
    context: dict[str, Any] = {
        "entry": entry,
        "circles": circles,
        "notes": CONTENT_NOTES,
        "client_key": new_client_key(),
    }
    if request.method == "GET":
        return render(request, "circles/share_form.html", context)
    if over_limit(request, "share"):
        return _too_many(request)
    wanted = set(request.POST.getlist("circles"))
    chosen = [c for c in circles if str(c.pk) in wanted]
    try:
        shared = actions.do_share_entry(
            author=person,
            entry=entry,
            circles=chosen,
            community=request.POST.get("audience") == "community",
            words="words" in request.POST,
            clip="clip" in request.POST,
            feelings="feelings" in request.POST,
            content_note=request.POST.get("content_note", ""),
            client_key=posted_client_key(request),
        )
    except actions.CirclesError as error:
        context.update(error=str(error), posted=request.POST)
        return render(request, "circles/share_form.html", context, status=error.status)
    if shared.screening is not None and shared.screening.show_help:
        request.session["circles_help"] = shared.share.pk
    return redirect("circles:share", share_id=shared.share.pk)


def _share_page(
    request: HttpRequest, share: Share, status: int = 200, **extra: Any
) -> HttpResponse:
    person = signed_in_user(request)
    mine, counts = selectors.reactions_for(share=share, viewer=person)
    is_owner = share.author_id == person.pk
    return render(
        request,
        "circles/share_detail.html",
        {
            "share": share,
            "is_owner": is_owner,
            "replies": selectors.reply_list(share=share, viewer=person)
            if share.revoked_at is None
            else [],
            "reactions": [
                (k, label, k in mine, counts.get(k, 0)) for k, label in ReactionKind.choices
            ],
            "seen_by": selectors.who_has_seen(share=share)
            if is_owner and not share.community
            else None,
            "reasons": ReportReason.choices,
            "show_help": request.session.pop("circles_help", None) == share.pk
            or extra.pop("show_help", False),
            "pause_prompt": actions.PAUSE_PROMPT,
            "client_key": new_client_key(),
            **extra,
        },
        status=status,
    )


@login_required
@require_GET
def share_detail(request: HttpRequest, share_id: int) -> HttpResponse:
    share = access_share_by_id(request.user, share_id)
    if share.revoked_at is None:
        actions.do_record_view(share=share, viewer=signed_in_user(request))
    return _share_page(request, share)


@login_required
@require_GET
def share_clip(request: HttpRequest, share_id: int) -> HttpResponseBase:
    share = access_share_by_id(request.user, share_id)
    clip = getattr(share.entry, "clip", None)
    if not share.include_clip or clip is None:
        raise Http404
    return sealed_file_response(request, path=clip.path, content_type=clip.content_type)


@login_required
@require_POST
def share_revoke(request: HttpRequest, share_id: int) -> HttpResponse:
    share = access_owned_share_by_id(request.user, share_id)
    if share.revoked_at is None:
        actions.do_revoke_share(share=share)
    messages.success(request, _("You took that share back. Nobody else can see it now."))
    return redirect("circles:index")


@login_required
@require_POST
def reply_create(request: HttpRequest, share_id: int) -> HttpResponse:
    share = access_share_by_id(request.user, share_id)
    if share.revoked_at is not None:
        raise Http404
    person = signed_in_user(request)
    body = request.POST.get("body", "")
    nudge_id = id_or_none(request.POST.get("nudge_id", ""))
    choice = request.POST.get("choice", "post")
    if choice == "discard":
        actions.do_discard_nudged_reply(author=person, nudge_id=nudge_id)
        messages.info(request, _("Your draft was let go. Thank you for pausing."))
        return redirect("circles:share", share_id=share.pk)
    if over_limit(request, "reply"):
        return _too_many(request)
    try:
        result = actions.do_reply(
            author=person,
            share=share,
            body=body,
            send_anyway=choice == "send_anyway",
            nudge_id=nudge_id,
            client_key=posted_client_key(request),
        )
    except actions.CirclesError as error:
        return _share_page(request, share, status=error.status, reply_error=str(error), draft=body)
    if result.status == "nudge":
        return _share_page(request, share, pause=True, draft=body, nudge_id=result.nudge_id)
    if result.status == "held":
        messages.info(
            request,
            _("Your reply is waiting for a moderator to read it before it is shown."),
        )
    show_help = result.screening is not None and result.screening.show_help
    if show_help:
        return _share_page(request, share, show_help=True)
    return redirect("circles:share", share_id=share.pk)


@login_required
@require_POST
def react(request: HttpRequest, share_id: int) -> HttpResponse:
    share = access_share_by_id(request.user, share_id)
    if share.revoked_at is not None:
        raise Http404
    try:
        actions.do_toggle_reaction(
            person=signed_in_user(request), share=share, kind=request.POST.get("kind", "")
        )
    except actions.CirclesError as error:
        return _share_page(request, share, status=400, reply_error=str(error))
    return redirect("circles:share", share_id=share.pk)


def _reason(request: HttpRequest) -> str | None:
    reason = request.POST.get("reason", "")
    return reason if reason in ReportReason.values else None


def _report(
    request: HttpRequest, shown: Share, report: Callable[..., None], /, **about: object
) -> HttpResponse:
    """File a report on the share or one of its replies (`report` is the action), or re-show
    the share page with the reason to choose."""
    reason = _reason(request)
    if reason is None:
        return _share_page(request, shown, status=400, report_error=_("Choose a reason."))
    if over_limit(request, "report"):
        return _too_many(request)
    report(
        reporter=signed_in_user(request),
        reason=reason,
        details=request.POST.get("details", ""),
        **about,
    )
    messages.success(request, _("Thank you. A moderator will look at it."))
    return redirect("circles:share", share_id=shown.pk)


BLOCKED_MESSAGES = {
    "person": gettext_lazy("Blocked. You will not see each other here again."),
    "share": gettext_lazy("Done. You will not see this share again, and nobody is told."),
}


def _block(request: HttpRequest, share: Share, reply: Reply | None = None) -> HttpResponse:
    """Block whoever the share or reply is shown under (a pseudonym: mute that one share)."""
    try:
        blocked = actions.do_block_shown(blocker=signed_in_user(request), share=share, reply=reply)
    except actions.CirclesError:
        raise Http404 from None
    messages.success(request, BLOCKED_MESSAGES[blocked.kind])
    if blocked.kind == "share":
        return redirect("circles:community")
    if reply is not None:
        return redirect("circles:share", share_id=share.pk)
    return redirect("circles:index")


@login_required
@require_POST
def share_report(request: HttpRequest, share_id: int) -> HttpResponse:
    share = access_share_by_id(request.user, share_id)
    return _report(request, share, actions.do_report_share, share=share)


@login_required
@require_POST
def share_block(request: HttpRequest, share_id: int) -> HttpResponse:
    return _block(request, access_share_by_id(request.user, share_id))


@login_required
@require_POST
def reply_hide(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = access_reply_by_id(request.user, reply_id)
    if reply.share.author_id != signed_in_user(request).pk:
        raise Http404
    actions.do_hide_reply(reply=reply)
    return redirect("circles:share", share_id=reply.share_id)


@login_required
@require_POST
def reply_report(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = access_reply_by_id(request.user, reply_id)
    return _report(request, reply.share, actions.do_report_reply, reply=reply)


@login_required
@require_POST
def reply_block(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = access_reply_by_id(request.user, reply_id)
    return _block(request, reply.share, reply)


@login_required
@require_http_methods(["GET", "POST"])
def blocks(request: HttpRequest) -> HttpResponse:
    person = signed_in_user(request)
    if request.method == "POST":
        block_id = id_or_none(request.POST.get("unblock", ""))
        if block_id is not None:
            do_unblock(blocker=person, block_id=block_id)
        mute_id = id_or_none(request.POST.get("unmute", ""))
        if mute_id is not None:
            actions.do_unmute_share(person=person, mute_id=mute_id)
        return redirect("circles:blocks")
    return render(request, "circles/blocks.html", {"blocks": selectors.block_list(person=person)})


# --- Community and notifications -------------------------------------------------------------


@login_required
@require_GET
def community(request: HttpRequest) -> HttpResponse:
    person = signed_in_user(request)
    prefs = selectors.settings_for(person=person)
    tab = "kind" if request.GET.get("tab") == "kind" else "newest"
    emotion = request.GET.get("emotion", "")
    note = request.GET.get("note", "")
    filters = selectors.FeedFilters(
        tab=tab,
        emotion=emotion if emotion in dict(EMOTION_CHOICES) else "",
        note=note if note in dict(CONTENT_NOTES) else "",
        hidden_notes=list(prefs.hidden_notes or []),
    )
    feed = selectors.community_feed(person=person, filters=filters, page=_page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "circles/community.html",
        {
            "feed": feed,
            "filters": filters,
            "emotions": EMOTION_CHOICES,
            "notes": CONTENT_NOTES,
            "query": query.urlencode(),
        },
    )


def _parse_time(raw: str) -> time | None:
    try:
        return time.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    person = signed_in_user(request)
    if request.method == "POST":
        try:
            actions.do_save_circle_settings(
                person=person,
                quiet_start=_parse_time(request.POST.get("quiet_start", "")),
                quiet_end=_parse_time(request.POST.get("quiet_end", "")),
                hidden_notes=request.POST.getlist("hidden_notes"),
                email_digest=request.POST.get("email_digest") == "on",
            )
        except (actions.CirclesError, NotificationsError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
        return redirect("circles:notifications")
    rows = list(notification_list(person_id=person.pk)[:50])
    do_mark_notifications_read(person=person)
    return render(
        request,
        "circles/notifications.html",
        {
            "notifications": rows,
            "prefs": selectors.settings_for(person=person),
            "alerts": notification_settings_for(person=person),
            "notes": CONTENT_NOTES,
        },
    )
