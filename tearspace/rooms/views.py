"""Room pages: browse, join, the check before entering, the live room, and after-session care."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tearspace.accounts.access import signed_in_user
from tearspace.accounts.models import User
from tearspace.core.idempotency import new_client_key
from tearspace.journal.selectors import session_entry_get
from tearspace.lib.http import stored_file_response
from tearspace.rooms.access import (
    access_live_room_by_id,
    access_moderated_room_by_id,
    access_room_by_id,
    can_host_rooms,
    can_moderate_room,
    membership_of,
)
from tearspace.rooms.actions import (
    REACTION_LIST,
    RoomError,
    do_add_clip,
    do_create_room,
    do_join_room,
    do_leave_room,
    do_log_feeling,
    do_set_email_reminder,
)
from tearspace.rooms.forms import ClipForm, FeelingForm, RoomForm
from tearspace.rooms.mixer_actions import do_answer_tear_friend_invitation
from tearspace.rooms.models import LibraryItem, Room, Status
from tearspace.rooms.selectors import (
    clip_list,
    open_and_scheduled_rooms,
    rooms_soon,
    tear_friend_invitation_list,
)
from tearspace.safety.models import ReportReason


def today_rooms_soon(request: HttpRequest) -> dict[str, object]:
    """The home's rooms: open now or starting within a day (see `rooms_soon`)."""
    return {"rooms": rooms_soon()}


@login_required
@require_GET
def room_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    open_rooms, scheduled_rooms = open_and_scheduled_rooms()
    return render(
        request,
        "rooms/list.html",
        {
            "open_rooms": open_rooms,
            "scheduled_rooms": scheduled_rooms,
            "can_host": can_host_rooms(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def room_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_host_rooms(user):
        raise Http404
    form = RoomForm(request.POST or None, initial={"client_key": new_client_key()})
    if request.method == "POST" and form.is_valid():
        try:
            room = do_create_room(host=user, **form.cleaned_data)
        except RoomError as error:
            form.add_error(None, error.reason)
        else:
            return redirect("rooms:detail", room.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "rooms/new.html", {"form": form}, status=status)


@login_required
@require_GET
def room_detail(request: HttpRequest, room_id: int) -> HttpResponse:
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    return render(request, "rooms/detail.html", _detail_context(user, room, ClipForm()))


def _detail_context(user: User, room: Room, clip_form: ClipForm) -> dict[str, object]:
    return {
        "room": room,
        "clips": clip_list(room=room),
        "membership": membership_of(user, room),
        "can_moderate": can_moderate_room(user, room),
        "joined": room.memberships.filter(status=Status.JOINED).count(),
        "clip_form": clip_form,
        "has_library": LibraryItem.objects.exists(),
        "reminder_minutes": settings.ROOM_REMINDER_MINUTES,
    }


@login_required
@require_POST
def room_join(request: HttpRequest, room_id: int) -> HttpResponse:
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    try:
        membership = do_join_room(room=room, user=user)
    except RoomError as error:
        messages.error(request, error.reason)
        return redirect("rooms:detail", room.pk)
    if membership.status == Status.WAITING:
        messages.info(
            request, _("The room is full. You are on the waiting list; we will let you in.")
        )
        return redirect("rooms:detail", room.pk)
    return redirect("rooms:enter", room.pk)


@login_required
@require_POST
def room_leave(request: HttpRequest, room_id: int) -> HttpResponse:
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    do_leave_room(room=room, user=user)
    messages.success(request, _("You left the room. Be gentle with yourself."))
    return redirect("rooms:after", room.pk)


@login_required
@require_POST
def room_reminder(request: HttpRequest, room_id: int) -> HttpResponse:
    """Turn the email before a scheduled session on or off."""
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    email = request.POST.get("email") == "on"
    try:
        do_set_email_reminder(room=room, user=user, email=email)
    except RoomError as error:
        messages.error(request, error.reason)
    else:
        messages.success(
            request,
            _("We'll email you shortly before it starts.")
            if email
            else _("No email, then. You'll still find a reminder here, in Notifications."),
        )
    return redirect("rooms:detail", room.pk)


@login_required
@require_GET
def room_enter(request: HttpRequest, room_id: int) -> HttpResponse:
    room = access_live_room_by_id(signed_in_user(request), room_id)
    return render(request, "rooms/enter.html", {"room": room})


@login_required
@require_GET
def room_live(request: HttpRequest, room_id: int) -> HttpResponse:
    user = signed_in_user(request)
    room = access_live_room_by_id(user, room_id)
    return render(
        request,
        "rooms/live.html",
        {
            "room": room,
            "clips": clip_list(room=room),
            "can_moderate": can_moderate_room(user, room),
            # Who may write to the host privately: the people in the room (not a moderator
            # looking in).
            "in_room": room.memberships.filter(user=user, status=Status.JOINED).exists(),
            "reactions": REACTION_LIST,
            "report_reasons": ReportReason.choices,
        },
    )


@login_required
@require_POST
def clip_add(request: HttpRequest, room_id: int) -> HttpResponse:
    user = signed_in_user(request)
    room = access_moderated_room_by_id(user, room_id)
    form = ClipForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            do_add_clip(
                actor=user,
                room=room,
                title=form.cleaned_data["title"],
                content_note=form.cleaned_data["content_note"],
                media=form.cleaned_data["file"],
                library_item=form.cleaned_data["library_item"],
            )
        except RoomError as error:
            form.add_error(None, error.reason)
        else:
            messages.success(request, _("Added to the programme."))
            return redirect("rooms:detail", room.pk)
    return render(request, "rooms/detail.html", _detail_context(user, room, form), status=400)


@login_required
@require_GET
def clip_media(request: HttpRequest, room_id: int, clip_id: int) -> HttpResponseBase:
    """Serve a clip to people in the room, with byte ranges so players can seek."""
    room = access_live_room_by_id(signed_in_user(request), room_id)
    clip = room.clips.select_related("library_item").filter(pk=clip_id).first()
    if clip is None or clip.file is None:
        raise Http404
    return stored_file_response(request, file=clip.file)


@login_required
@require_http_methods(["GET", "POST"])
def room_after(request: HttpRequest, room_id: int) -> HttpResponse:
    """After the session: "how did it feel?", kept privately, and in the journal if chosen."""
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    membership = membership_of(user, room)
    if membership is None:
        raise Http404
    entry = session_entry_get(owner=user, room_id=room.pk)
    form = FeelingForm(
        request.POST or None,
        initial={
            "relief": membership.relief,
            "feeling": membership.feeling,
            "journal": entry is not None,
        },
    )
    invitations = tear_friend_invitation_list(room=room, user=user)["received"]
    context = {"room": room, "form": form, "entry": entry, "invitations": invitations}
    if request.method == "POST":
        if form.is_valid():
            try:
                logged = do_log_feeling(
                    room=room,
                    user=user,
                    feeling=form.cleaned_data["feeling"],
                    relief=form.cleaned_data["relief"],
                    journal=form.cleaned_data["journal"],
                )
            except RoomError as error:
                form.add_error(None, error.reason)
            else:
                if logged.show_help:
                    context |= {"entry": logged.entry or entry, "show_help": True}
                    return render(request, "rooms/after.html", context)
                messages.success(request, _after_thanks(logged.entry is not None))
                return redirect("rooms:list")
        return render(request, "rooms/after.html", context, status=400)
    return render(request, "rooms/after.html", context)


def _after_thanks(in_journal: bool) -> str:
    if in_journal:
        return _(
            "Thank you. Rest, drink some water, be kind to yourself. It is in your journal too."
        )
    return _("Thank you. Rest, drink some water, be kind to yourself.")


@login_required
@require_POST
def invitation_answer(request: HttpRequest, room_id: int, invitation_id: int) -> HttpResponse:
    """Answer an invitation to form a circle from this room: yes, or not now."""
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    if not room.tear_friend_invitations.filter(pk=invitation_id).exists():
        raise Http404
    accept = request.POST.get("answer") == "yes"
    try:
        invitation = do_answer_tear_friend_invitation(
            invitation_id=invitation_id, person=user, accept=accept
        )
    except RoomError as error:
        if error.status == 404:
            raise Http404 from None
        messages.error(request, error.reason)
    else:
        if accept:
            messages.success(
                request,
                _(
                    "You and %(name)s are in a circle together now. "
                    "Share with each other whenever you like."
                )
                % {"name": invitation.inviter.username},
            )
        else:
            messages.info(request, _("Okay. Nobody is told; take all the time you need."))
    return redirect("rooms:after", room.pk)
