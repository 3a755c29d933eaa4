"""Circles over JSON: the same access rules, actions and selectors as the pages."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from tearspace.accounts.access import signed_in_user
from tearspace.accounts.actions import BlockRefused, do_block, do_unblock
from tearspace.accounts.auth import api_auth
from tearspace.accounts.models import User
from tearspace.accounts.selectors import user_by_handle
from tearspace.circles import actions, selectors
from tearspace.circles.access import (
    access_circle_by_id,
    access_invitation_by_id,
    access_owned_circle_by_id,
    access_owned_share_by_id,
    access_reply_by_id,
    access_share_by_id,
)
from tearspace.circles.events import display_name
from tearspace.circles.models import CONTENT_NOTES, Circle, Reply, Share
from tearspace.core.idempotency import BadClientKey, client_key_from
from tearspace.journal.access import access_entry_by_id
from tearspace.journal.models import EMOTIONS
from tearspace.lib.api import Answer, BodyId, Problem, problem
from tearspace.lib.limits import over_limit
from tearspace.lib.paging import PageNumber
from tearspace.safety.access import is_moderator
from tearspace.safety.models import ReportReason

router = Router(tags=["circles"], auth=api_auth)


def share_dict(share: Share, viewer: User) -> dict[str, Any]:
    """A share as `viewer` may see it. A community share never names or numbers its author."""
    entry = share.entry
    data: dict[str, Any] = {
        "id": share.pk,
        "community": share.community,
        "by": share.pseudonym if share.community else share.author.username,
        "mine": share.author_id == viewer.pk,
        "created": share.shown_created,
        "content_note": next(iter(share.content_notes), ""),
        "content_notes": share.content_notes,
        "words": (entry.notes or "") if share.include_words else None,
        "feelings": entry.emotion_keys if share.include_feelings else None,
        "has_clip": share.include_clip,
    }
    if share.author_id == viewer.pk:
        data["added_notes"] = share.added_note_keys
        data["revoked"] = share.revoked_at is not None
        data["circles"] = [c.pk for c in share.circles.all()]
    return data


def reply_dict(reply: Reply) -> dict[str, Any]:
    return {
        "id": reply.pk,
        "by": display_name(reply),
        "body": reply.body,
        "sent_anyway": reply.sent_anyway,
        "hidden": reply.hidden_by_author,
        "content_notes": reply.content_notes,
        "created": reply.shown_created,
    }


def circle_dict(circle: Circle, viewer: User) -> dict[str, Any]:
    return {
        "id": circle.pk,
        "name": circle.name,
        "owner": circle.owner.username,
        "mine": circle.owner_id == viewer.pk,
        "members": [m.member.username for m in selectors.member_list(circle=circle)],
    }


def circle_detail_dict(circle: Circle, viewer: User) -> dict[str, Any]:
    """One circle; its owner also sees the invitations still waiting for an answer."""
    answer = circle_dict(circle, viewer)
    if circle.owner_id == viewer.pk:
        answer["invitations"] = [
            {
                "invitee": i.invitee.username if i.invitee else None,
                "expires": i.expires.isoformat(),
            }
            for i in selectors.circle_invitations_waiting(circle=circle)
        ]
    return answer


def _page(feed: selectors.FeedPage, viewer: User) -> dict[str, Any]:
    return {
        "page": feed.number,
        "has_next": feed.has_next,
        "shares": [share_dict(s, viewer) for s in feed.shares],
    }


# --- Circles and invitations ------------------------------------------------------------------


class CircleIn(Schema):
    name: str


@router.get("/", response={200: list[dict[str, Any]]})
def list_circles(request: HttpRequest) -> list[dict[str, Any]]:
    person = signed_in_user(request)
    return [circle_dict(c, person) for c in selectors.circle_list(person=person)]


@router.post("/", response={201: dict[str, Any], 400: Problem})
def create_circle(request: HttpRequest, payload: CircleIn) -> Answer:
    """Make a circle. An `Idempotency-Key` header (8-64 letters, digits, - or _; a UUID) makes
    a retry answer with the circle the first request made."""
    try:
        circle, screening = actions.do_create_circle(
            owner=signed_in_user(request), name=payload.name, client_key=client_key_from(request)
        )
    except (actions.CirclesError, BadClientKey) as error:
        return problem(400, str(error))
    return 201, {**circle_dict(circle, signed_in_user(request)), "show_help": screening.show_help}


@router.get("/community", response={200: dict[str, Any]})
def community(
    request: HttpRequest,
    tab: str = "newest",
    emotion: str = "",
    note: str = "",
    page: PageNumber = 1,
) -> dict[str, Any]:
    person = signed_in_user(request)
    filters = selectors.FeedFilters(
        tab="kind" if tab == "kind" else "newest",
        emotion=emotion if emotion in EMOTIONS else "",
        note=note if note in dict(CONTENT_NOTES) else "",
        hidden_notes=list(selectors.settings_for(person=person).hidden_notes or []),
    )
    feed = selectors.community_feed(person=person, filters=filters, page=page)
    return _page(feed, person)


@router.get("/nudges", response={200: dict[str, int]})
def nudges(request: HttpRequest) -> dict[str, int]:
    """For moderators: how writers answered the pause step, sent-anyway replies included."""
    if not is_moderator(signed_in_user(request)):
        raise Http404
    return selectors.nudge_tallies()


@router.get("/{id:circle_id}", response={200: dict[str, Any]})
def get_circle(request: HttpRequest, circle_id: int) -> dict[str, Any]:
    return circle_detail_dict(access_circle_by_id(request.user, circle_id), signed_in_user(request))


@router.get("/{id:circle_id}/shares", response={200: dict[str, Any]})
def circle_shares(request: HttpRequest, circle_id: int, page: PageNumber = 1) -> dict[str, Any]:
    circle = access_circle_by_id(request.user, circle_id)
    person = signed_in_user(request)
    feed = selectors.circle_feed(person=person, circle=circle, page=page)
    return _page(feed, person)


@router.delete("/{id:circle_id}", response={204: None})
def delete_circle(request: HttpRequest, circle_id: int) -> tuple[int, None]:
    actions.do_delete_circle(circle=access_owned_circle_by_id(request.user, circle_id))
    return 204, None


class InviteIn(Schema):
    handle: str = ""


@router.post(
    "/{id:circle_id}/invitations", response={201: dict[str, Any], 400: Problem, 429: Problem}
)
def invite(request: HttpRequest, circle_id: int, payload: InviteIn) -> Answer:
    circle = access_owned_circle_by_id(request.user, circle_id)
    if over_limit(request, "invite"):
        return problem(429, _("That was a lot of invitations. Please wait a little."))
    if not payload.handle.strip():
        invitation, token = actions.do_create_invite_link(
            circle=circle, inviter=signed_in_user(request)
        )
        return 201, {"id": invitation.pk, "token": token, "expires": invitation.expires.isoformat()}
    try:
        invitation = actions.do_invite_by_handle(
            circle=circle, inviter=signed_in_user(request), handle=payload.handle
        )
    except actions.CirclesError as error:
        return problem(400, str(error))
    return 201, {"id": invitation.pk, "expires": invitation.expires.isoformat()}


@router.post("/{id:circle_id}/leave", response={204: None, 400: Problem})
def leave(request: HttpRequest, circle_id: int) -> tuple[int, Any]:
    circle = access_circle_by_id(request.user, circle_id)
    try:
        actions.do_leave_circle(circle=circle, person=signed_in_user(request))
    except actions.CirclesError as error:
        return problem(400, str(error))
    return 204, None


@router.delete("/{id:circle_id}/members/{id:user_id}", response={204: None, 400: Problem})
def remove_member(request: HttpRequest, circle_id: int, user_id: int) -> tuple[int, Any]:
    circle = access_owned_circle_by_id(request.user, circle_id)
    try:
        actions.do_remove_member(circle=circle, member_id=user_id)
    except actions.CirclesError as error:
        return problem(400, str(error))
    return 204, None


@router.get("/invitations", response={200: list[dict[str, Any]]})
def my_invitations(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"id": i.pk, "circle": i.circle.name, "from": i.inviter.username}
        for i in selectors.pending_invitations(person=signed_in_user(request))
    ]


class InvitationAnswerIn(Schema):
    accept: bool
    token: str = ""


@router.post("/invitations/{id:invitation_id}/answer", response={204: None, 404: Problem})
def answer_invitation(
    request: HttpRequest, invitation_id: int, payload: InvitationAnswerIn
) -> tuple[int, Any]:
    invitation = access_invitation_by_id(request.user, invitation_id)
    try:
        actions.do_answer_invitation(
            invitation=invitation, person=signed_in_user(request), accept=payload.accept
        )
    except actions.CirclesError as error:
        return problem(404, str(error))
    return 204, None


@router.post("/invitations/join", response={200: dict[str, Any], 404: Problem})
def join(request: HttpRequest, payload: InvitationAnswerIn) -> Answer:
    invitation = actions.invitation_for_token(payload.token)
    gone = _("This invitation has already been used or has expired.")
    if invitation is None:
        return problem(404, gone)
    try:
        actions.do_answer_invitation(
            invitation=invitation, person=signed_in_user(request), accept=payload.accept
        )
    except actions.CirclesError as error:
        return problem(404, str(error) if error.status == 403 else gone)
    return 200, {"circle": invitation.circle_id if payload.accept else None}


# --- Shares, replies, reactions ----------------------------------------------------------------


class ShareIn(Schema):
    entry: BodyId
    circles: list[BodyId] = []
    community: bool = False
    words: bool = True
    clip: bool = False
    feelings: bool = True
    content_note: str = ""


@router.post(
    "/shares",
    response={201: dict[str, Any], 400: Problem, 403: Problem, 409: Problem, 429: Problem},
)
def create_share(request: HttpRequest, payload: ShareIn) -> Answer:
    person = signed_in_user(request)
    entry = access_entry_by_id(person, payload.entry)
    if over_limit(request, "share"):
        return problem(429, _("That was a lot of sharing. Please wait a little."))
    mine = {c.pk: c for c in selectors.circle_list(person=person)}
    if any(cid not in mine for cid in payload.circles):
        return problem(400, _("You can only share with circles you belong to."))
    try:
        shared = actions.do_share_entry(
            client_key=client_key_from(request),
            author=person,
            entry=entry,
            circles=[mine[cid] for cid in payload.circles],
            community=payload.community,
            words=payload.words,
            clip=payload.clip,
            feelings=payload.feelings,
            content_note=payload.content_note,
        )
    except actions.CirclesError as error:
        return problem(error.status, str(error))
    except BadClientKey as error:
        return problem(400, str(error))
    show_help = shared.screening is not None and shared.screening.show_help
    return 201, {**share_dict(shared.share, person), "show_help": show_help}


@router.get("/shares/{id:share_id}", response={200: dict[str, Any]})
def get_share(request: HttpRequest, share_id: int) -> dict[str, Any]:
    share = access_share_by_id(request.user, share_id)
    person = signed_in_user(request)
    if share.revoked_at is None:
        actions.do_record_view(share=share, viewer=person)
    return share_dict(share, person)


@router.delete("/shares/{id:share_id}", response={204: None})
def revoke_share(request: HttpRequest, share_id: int) -> tuple[int, None]:
    share = access_owned_share_by_id(request.user, share_id)
    if share.revoked_at is None:
        actions.do_revoke_share(share=share)
    return 204, None


@router.get("/shares/{id:share_id}/replies", response={200: list[dict[str, Any]]})
def list_replies(request: HttpRequest, share_id: int) -> list[dict[str, Any]]:
    share = access_share_by_id(request.user, share_id)
    if share.revoked_at is not None:
        return []
    return [
        reply_dict(r) for r in selectors.reply_list(share=share, viewer=signed_in_user(request))
    ]


class ReplyIn(Schema):
    body: str
    send_anyway: bool = False
    discard: bool = False
    nudge_id: BodyId | None = None


@router.post(
    "/shares/{id:share_id}/replies",
    response={
        201: dict[str, Any],
        202: dict[str, Any],
        400: Problem,
        403: Problem,
        404: Problem,
        429: Problem,
    },
)
def create_reply(request: HttpRequest, share_id: int, payload: ReplyIn) -> Answer:
    share = access_share_by_id(request.user, share_id)
    person = signed_in_user(request)
    if share.revoked_at is not None:
        return problem(404, _("Not Found"))
    if payload.discard:
        actions.do_discard_nudged_reply(author=person, nudge_id=payload.nudge_id)
        return 202, {"status": "discarded"}
    if over_limit(request, "reply"):
        return problem(429, _("That was a lot of replies. Please wait a little."))
    try:
        result = actions.do_reply(
            client_key=client_key_from(request),
            author=person,
            share=share,
            body=payload.body,
            send_anyway=payload.send_anyway,
            nudge_id=payload.nudge_id,
        )
    except actions.CirclesError as error:
        return problem(error.status, str(error))
    except BadClientKey as error:
        return problem(400, str(error))
    if result.status == "nudge":
        return 202, {
            "status": "nudge",
            "nudge_id": result.nudge_id,
            "prompt": str(actions.PAUSE_PROMPT),
            "draft": payload.body,
        }
    if result.status == "held":
        return 202, {"status": "held"}
    assert result.reply is not None
    show_help = result.screening is not None and result.screening.show_help
    return 201, {"status": "posted", "reply": reply_dict(result.reply), "show_help": show_help}


@router.post("/replies/{id:reply_id}/hide", response={204: None})
def hide_reply(request: HttpRequest, reply_id: int) -> tuple[int, None]:
    reply = access_reply_by_id(request.user, reply_id)
    if reply.share.author_id != signed_in_user(request).pk:
        raise Http404
    actions.do_hide_reply(reply=reply)
    return 204, None


class ReactionIn(Schema):
    kind: str


@router.post(
    "/shares/{id:share_id}/reactions", response={200: dict[str, Any], 400: Problem, 404: Problem}
)
def react(request: HttpRequest, share_id: int, payload: ReactionIn) -> Answer:
    share = access_share_by_id(request.user, share_id)
    if share.revoked_at is not None:
        return problem(404, _("Not Found"))
    try:
        added = actions.do_toggle_reaction(
            person=signed_in_user(request), share=share, kind=payload.kind
        )
    except actions.CirclesError as error:
        return problem(400, str(error))
    return 200, {"kind": payload.kind, "on": added}


# --- Reports and blocks ----------------------------------------------------------------------


class ShareReportIn(Schema):
    reason: str
    share: BodyId | None = None
    reply: BodyId | None = None
    details: str = ""


@router.post("/reports", response={201: dict[str, Any], 400: Problem, 429: Problem})
def report(request: HttpRequest, payload: ShareReportIn) -> Answer:
    person = signed_in_user(request)
    if payload.reason not in ReportReason.values:
        return problem(400, _("Choose one of the reasons."))
    if (payload.share is None) == (payload.reply is None):
        return problem(400, _("Report one share or one reply."))
    if payload.share is not None:
        share = access_share_by_id(person, payload.share)
        if over_limit(request, "report"):
            return problem(429, _("That was a lot of reports. Please wait a little."))
        actions.do_report_share(
            reporter=person, share=share, reason=payload.reason, details=payload.details
        )
    else:
        assert payload.reply is not None
        reply = access_reply_by_id(person, payload.reply)
        if over_limit(request, "report"):
            return problem(429, _("That was a lot of reports. Please wait a little."))
        actions.do_report_reply(
            reporter=person, reply=reply, reason=payload.reason, details=payload.details
        )
    return 201, {"status": "received"}


class BlockIn(Schema):
    handle: str = ""
    share: BodyId | None = None
    reply: BodyId | None = None


@router.get("/blocks", response={200: list[dict[str, Any]]})
def list_blocks(request: HttpRequest) -> list[dict[str, Any]]:
    """Handles I blocked (`kind` "person") and anonymous shares I muted (`kind` "share")."""
    return [
        {"id": b.id, "kind": b.kind, "label": b.label, "since": b.created.isoformat()}
        for b in selectors.block_list(person=signed_in_user(request))
    ]


@router.post("/blocks", response={201: dict[str, Any], 400: Problem})
def block(request: HttpRequest, payload: BlockIn) -> Answer:
    """Block the handle behind a share, a reply or typed in; a pseudonym mutes its one share."""
    person = signed_in_user(request)
    shown: tuple[Share, Reply | None] | None = None
    if payload.share is not None:
        shown = access_share_by_id(person, payload.share), None
    elif payload.reply is not None:
        reply = access_reply_by_id(person, payload.reply)
        shown = reply.share, reply
    if shown is not None:
        try:
            blocked = actions.do_block_shown(blocker=person, share=shown[0], reply=shown[1])
        except actions.CirclesError:
            raise Http404 from None  # the same answer as the page: nobody else is here
        return 201, {"status": "blocked", "kind": blocked.kind, "label": blocked.label}
    found = user_by_handle(payload.handle)
    if found is None:
        return problem(400, _("We could not find anyone with that handle."))
    try:
        made = do_block(blocker=person, blocked=found)
    except BlockRefused as error:
        return problem(400, str(error))
    return 201, {"status": "blocked", "kind": "person", "label": made.label}


@router.delete("/blocks/{id:block_id}", response={204: None})
def unblock(request: HttpRequest, block_id: int) -> tuple[int, None]:
    do_unblock(blocker=signed_in_user(request), block_id=block_id)
    return 204, None


@router.delete("/mutes/{id:mute_id}", response={204: None})
def unmute(request: HttpRequest, mute_id: int) -> tuple[int, None]:
    """Undo a block of an anonymous share (a `kind` "share" row of the block list)."""
    actions.do_unmute_share(person=signed_in_user(request), mute_id=mute_id)
    return 204, None
