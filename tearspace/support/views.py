"""Pages of "someone now": ask, wait, chat, crisis help; the listener's side; moderators' view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tearspace.accounts.access import signed_in_user
from tearspace.accounts.actions import do_set_age_band
from tearspace.accounts.models import AgeBand, User
from tearspace.core.validators import id_or_none
from tearspace.rooms.models import Relief
from tearspace.safety.access import is_moderator
from tearspace.safety.models import ReportReason
from tearspace.support import actions, after_actions
from tearspace.support.access import access_group_by_id, access_match_by_id
from tearspace.support.chat import SupportError
from tearspace.support.models import (
    FIRST_LINE_LIMIT,
    GROUP_SEEKERS,
    KIND_NOTE_LIMIT,
    MAX_CHATS_LIMIT,
    Format,
    Match,
    RequestState,
)
from tearspace.support.selectors import (
    after_chat,
    badges_of,
    chat_url,
    chats_of,
    group_present,
    group_worried,
    groups_of,
    kind_notes_for,
    latest_request,
    listener_activity,
    listener_profile_of,
    request_status,
)
from tearspace.support.topics import topic_label


def _next_page(request: HttpRequest) -> str:
    """Where the person was going, only if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("support:start")


def _where_now(user: User) -> str | None:
    """The page of the person's open request or chat, if they have one."""
    found = latest_request(user)
    if found is None:
        return None
    if found.state == RequestState.WAITING:
        return reverse("support:waiting")
    if found.state == RequestState.MATCHED and found.match.active:
        return chat_url(found.match)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """ "I need someone now": one line (and an optional language), then a chat or the queue."""
    user = signed_in_user(request)
    if not user.age_band:
        return redirect(f"{reverse('support:age')}?next={reverse('support:start')}")
    if request.method == "GET" and (where := _where_now(user)):
        return redirect(where)
    error = ""
    if request.method == "POST":
        try:
            asked, _screening = actions.do_request_support(
                seeker=user,
                first_line=request.POST.get("first_line", ""),
                language=request.POST.get("language", "")[:8],
                format=request.POST.get("format") or Format.ONE_TO_ONE,
            )
        except SupportError as refused:
            error = refused.reason
        else:
            if asked.state == RequestState.CRISIS:
                return redirect("support:crisis")
            return redirect(_where_now(user) or reverse("support:waiting"))
    return render(
        request,
        "support/start.html",
        {
            "error": error,
            "limit": FIRST_LINE_LIMIT,
            "first_line": request.POST.get("first_line", ""),
            "format": request.POST.get("format") or Format.ONE_TO_ONE,
            "formats": Format.choices,
            "group_seekers": GROUP_SEEKERS,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def age(request: HttpRequest) -> HttpResponse:
    """Ask the age band once (no birth date): adults and people under 18 are never matched."""
    user = signed_in_user(request)
    error = ""
    if request.method == "POST":
        try:
            do_set_age_band(user=user, band=request.POST.get("age_band", ""))
        except ValueError as refused:
            error = str(refused)
        else:
            return redirect(_next_page(request))
    return render(
        request,
        "support/age.html",
        {
            "bands": AgeBand.choices,
            "next": _next_page(request),
            "current": user.age_band,
            "error": error,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def waiting(request: HttpRequest) -> HttpResponse:
    """The honest live status while waiting (position, time), with a breathing exercise."""
    user = signed_in_user(request)
    found = latest_request(user)
    if found is None or found.state == RequestState.CANCELLED:
        return redirect("support:start")
    if found.state == RequestState.WAITING:
        actions.do_match(request_id=found.pk)
        found.refresh_from_db()
    status = request_status(found)
    if found.state != RequestState.WAITING and status["url"]:
        return redirect(str(status["url"]))
    return render(request, "support/waiting.html", {"status": status, "support_request": found})


@login_required
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    actions.do_cancel_request(seeker=signed_in_user(request))
    messages.info(request, _("You've stopped waiting. You can ask again any time."))
    return redirect("support:start")


@login_required
@require_POST
def later(request: HttpRequest) -> HttpResponse:
    """Leave the first line as a message for a listener to answer later, in the same chat."""
    if actions.do_wait_later(seeker=signed_in_user(request)):
        messages.info(
            request,
            _("Your message is kept for the next listener. We'll let you know when they answer."),
        )
    return redirect("support:waiting")


@login_required
@require_GET
def crisis(request: HttpRequest) -> HttpResponse:
    """Crisis lines at once, for a first line that sounded like imminent danger."""
    return render(request, "support/crisis.html")


@login_required
@require_GET
def chat(request: HttpRequest, match_id: int) -> HttpResponse:
    """The listener chat (seeker or listener only); the page's script runs the conversation.

    Once it has ended: the seeker's relief check and kind note, and staying in touch."""
    user = signed_in_user(request)
    return _chat_page(request, user, access_match_by_id(user, match_id))


def _chat_page(
    request: HttpRequest,
    user: User,
    match: Match,
    *,
    errors: dict[str, str] | None = None,
    note: str | None = None,
) -> HttpResponse:
    """Render the chat page; `errors` (by form: relief, note, stay) re-show the page at 400,
    with the note's words intact."""
    seeker = match.seeker_id == user.pk
    after = after_chat(match=match, viewer=user)
    return render(
        request,
        "support/chat.html",
        {
            "match": match,
            "is_seeker": seeker,
            "me": match.seeker_pseudonym if seeker else user.username,
            "other": match.listener.username if seeker else match.seeker_pseudonym,
            "first_line": "" if seeker else match.request.first_line,
            "reasons": ReportReason.choices,
            "after": after,
            # The first line worried screening: help from the start, the listener told.
            "help_open": seeker and match.request.worried,
            "first_words_alert": not seeker and match.request.worried,
            "reliefs": Relief.choices,
            "note_limit": KIND_NOTE_LIMIT,
            "note": after["note"] if note is None else note,
            "errors": errors or {},
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def relief(request: HttpRequest, match_id: int) -> HttpResponse:
    """The seeker's "How do you feel now?" after the chat; kept in the journal only if ticked."""
    user = signed_in_user(request)
    match = access_match_by_id(user, match_id)
    keep = request.POST.get("journal") == "1"
    try:
        after_actions.do_check_chat_relief(
            match=match, seeker=user, relief=request.POST.get("relief", ""), journal=keep
        )
    except SupportError as refused:
        return _refused(request, user, match, "relief", refused)
    if keep:
        messages.success(request, _("Thank you. It's in your journal, only for you."))
    else:
        messages.success(request, _("Thank you for telling us. Only you can see it."))
    return redirect("support:chat", match.pk)


@login_required
@require_POST
def note(request: HttpRequest, match_id: int) -> HttpResponse:
    """The seeker leaves their listener a short kind note; bad input re-shows their words."""
    user = signed_in_user(request)
    match = access_match_by_id(user, match_id)
    body = request.POST.get("body", "")
    try:
        _note, screening = after_actions.do_leave_kind_note(match=match, seeker=user, body=body)
    except SupportError as refused:
        return _refused(request, user, match, "note", refused, note=body)
    messages.success(
        request, _("Your note is on its way. Kind words like yours keep listeners going.")
    )
    if screening is not None and screening.show_help:
        return redirect("safety:help")
    return redirect("support:chat", match.pk)


@login_required
@require_POST
def stay(request: HttpRequest, match_id: int) -> HttpResponse:
    """Ask the other person to stay in touch through a circle, or answer their asking."""
    user = signed_in_user(request)
    match = access_match_by_id(user, match_id)
    answer = request.POST.get("answer", "")
    try:
        if answer:
            after_actions.do_answer_stay_in_touch(match=match, person=user, accept=answer == "yes")
        else:
            after_actions.do_invite_to_stay_in_touch(match=match, person=user)
    except SupportError as refused:
        return _refused(request, user, match, "stay", refused)
    if not answer:
        messages.info(request, _("We've asked. If they say yes too, you'll share a circle."))
    return redirect("support:chat", match.pk)


def _refused(
    request: HttpRequest,
    user: User,
    match: Match,
    form: str,
    refused: SupportError,
    *,
    note: str | None = None,
) -> HttpResponse:
    if refused.status == 404:
        raise Http404
    return _chat_page(request, user, match, errors={form: refused.reason}, note=note)


@login_required
@require_POST
def end(request: HttpRequest, match_id: int) -> HttpResponse:
    """End the chat; "I feel a bit better" ends it with that noted."""
    user = signed_in_user(request)
    match = access_match_by_id(user, match_id)
    better = request.POST.get("felt_better") == "1" and match.seeker_id == user.pk
    actions.do_end_chat(match=match, by=user, felt_better=better)
    if better:
        messages.success(request, _("We're glad. Be gentle with yourself for the rest of today."))
    else:
        messages.info(request, _("The chat has ended. Thank you for being here."))
    return redirect("support:chat", match.pk)


@login_required
@require_POST
def handover(request: HttpRequest, match_id: int) -> HttpResponse:
    """The listener hands the chat to another free listener; the seeker stays in it."""
    user = signed_in_user(request)
    match = access_match_by_id(user, match_id)
    try:
        actions.do_hand_over(match=match, by=user)
    except SupportError as refused:
        messages.error(request, refused.reason)
        return redirect("support:chat", match.pk)
    messages.info(
        request, _("Another listener has the chat now. Thank you for looking after them.")
    )
    return redirect("support:listen")


@login_required
@require_GET
def group(request: HttpRequest, group_id: int) -> HttpResponse:
    """A small group (its listener, and seekers who have not left); the page's script runs it."""
    user = signed_in_user(request)
    found, seat = access_group_by_id(user, group_id)
    return render(
        request,
        "support/group.html",
        {
            "group": found,
            "seat": seat,
            "me": seat.seeker_pseudonym if seat else user.username,
            "topic": topic_label(found.topic),
            "present": group_present(found),
            "reasons": ReportReason.choices,
            "help_open": seat is not None and seat.request.worried,
            "first_words_alert": seat is None and group_worried(found),
        },
    )


@login_required
@require_POST
def group_leave(request: HttpRequest, group_id: int) -> HttpResponse:
    """A seeker leaves the group (the others carry on); the listener ends it for everyone."""
    user = signed_in_user(request)
    found, seat = access_group_by_id(user, group_id)
    if seat is None:
        actions.do_end_group(group=found, by="listener")
        messages.info(request, _("The group has ended. Thank you for holding it."))
        return redirect("support:group", found.pk)
    actions.do_leave_group(seat=seat)
    messages.info(request, _("You've left the group. Thank you for being there; take care."))
    return redirect("support:start")


# --- Listeners --------------------------------------------------------------------------------


@login_required
@require_GET
def listen(request: HttpRequest) -> HttpResponse:
    """The listener's home: volunteer, code of conduct, orientation, availability, chats."""
    user = signed_in_user(request)
    profile = listener_profile_of(user)
    chats = list(chats_of(user).filter(listener=user)[:50]) if profile else []
    notes, thanked = kind_notes_for(user) if profile else ([], 0)
    groups = list(groups_of(user)[:50]) if profile else []
    return render(
        request,
        "support/listen.html",
        {
            "profile": profile,
            "chats": chats,
            "groups": groups,
            "cap_choices": range(1, MAX_CHATS_LIMIT + 1),
            "notes": notes,
            "earlier_notes": thanked - len(notes),
            "badges": badges_of(profile, thanked=thanked) if profile else [],
        },
    )


@login_required
@require_POST
def debrief(request: HttpRequest) -> HttpResponse:
    """Listeners only: into the listeners' debrief room (opened now if none is open)."""
    try:
        room = after_actions.do_enter_debrief_room(user=signed_in_user(request))
    except SupportError as refused:
        if refused.status == 404:
            raise Http404 from None
        messages.error(request, refused.reason)
        return redirect("support:listen")
    return redirect("rooms:live", room.pk)


@login_required
@require_POST
def volunteer(request: HttpRequest) -> HttpResponse:
    actions.do_volunteer(user=signed_in_user(request))
    return redirect("support:conduct")


@login_required
@require_http_methods(["GET", "POST"])
def conduct(request: HttpRequest) -> HttpResponse:
    """The code of conduct; accepting it is the second step."""
    user = signed_in_user(request)
    if request.method == "POST":
        if request.POST.get("accept") == "1":
            actions.do_accept_conduct(user=user)
            return redirect("support:orientation")
        return render(request, "support/conduct.html", {"error": True}, status=400)
    return render(request, "support/conduct.html")


@login_required
@require_http_methods(["GET", "POST"])
def orientation(request: HttpRequest) -> HttpResponse:
    """The short orientation: active listening, what not to do, escalating, self-care."""
    user = signed_in_user(request)
    error = ""
    if request.method == "POST":
        try:
            actions.do_complete_orientation(user=user)
        except SupportError as refused:
            error = refused.reason
        else:
            return redirect("support:listen")
    return render(
        request, "support/orientation.html", {"error": error}, status=400 if error else 200
    )


@login_required
@require_POST
def availability(request: HttpRequest) -> HttpResponse:
    """Go available (with a cap on chats at once) or step away."""
    user = signed_in_user(request)
    cap = request.POST.get("max_chats", "")
    try:
        actions.do_set_availability(
            user=user,
            available=request.POST.get("available") == "1",
            max_chats=id_or_none(cap),  # "²" is a digit to isdigit(), not to int()
            takes_groups={"1": True, "0": False}.get(request.POST.get("takes_groups", "")),
        )
    except SupportError as refused:
        messages.error(request, refused.reason)
    return redirect("support:listen")


@login_required
@require_GET
def listeners(request: HttpRequest) -> HttpResponse:
    """Moderators: every listener's availability, load and pause (never chat words)."""
    if not is_moderator(signed_in_user(request)):
        raise Http404
    return render(request, "support/listeners.html", {"profiles": listener_activity()})


@login_required
@require_POST
def pause(request: HttpRequest, user_id: int) -> HttpResponse:
    """Moderators: pause a listener (out of the pool) or let them listen again."""
    if not is_moderator(signed_in_user(request)):
        raise Http404
    if not actions.do_pause_listener(listener_id=user_id, paused=request.POST.get("paused") == "1"):
        raise Http404
    return redirect("support:listeners")
