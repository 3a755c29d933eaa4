"""What rooms hold about a person, for their data export."""

from django.db.models import Q

from tearspace.accounts.models import User
from tearspace.conversations.models import Kind as ConversationKind
from tearspace.conversations.models import Message
from tearspace.rooms.chat import CheckInChat, RoomChat, SmallChat
from tearspace.rooms.models import (
    CheckIn,
    InvitationStatus,
    Membership,
    Room,
    TearFriendChat,
    TearFriendInvitation,
    TearFriendSeat,
)


def export_rooms_data(user: User) -> dict[str, object]:
    """What rooms hold about a person: their memberships, answers and their own messages."""
    own = Message.objects.select_related("author").filter(author=user)
    rooms = {
        room.conversation_id: room
        for room in Room.objects.filter(
            conversation__messages__in=own.filter(conversation__kind=ConversationKind.ROOM)
        ).distinct()
    }
    chats = {
        chat.conversation_id: chat
        for chat in TearFriendChat.objects.filter(
            conversation__messages__in=own.filter(conversation__kind=ConversationKind.SMALL_CHAT)
        ).distinct()
    }
    check_ins = {
        check_in.conversation_id: check_in
        for check_in in CheckIn.objects.select_related("room", "person")
        .filter(conversation__messages__in=own.filter(conversation__kind=ConversationKind.CHECK_IN))
        .distinct()
    }
    return {
        "memberships": [
            {**m.to_dict(), "room_title": m.room.title}
            for m in Membership.objects.select_related("room").filter(user=user)
        ],
        "messages": [
            {
                **RoomChat(rooms[m.conversation_id].pk).message_dict(m),
                "room": rooms[m.conversation_id].pk,
                "room_title": rooms[m.conversation_id].title,
            }
            for m in own.filter(conversation_id__in=rooms)
        ],
        "hosted_rooms": [
            room.to_dict() for room in Room.objects.select_related("conversation").filter(host=user)
        ],
        "tear_friend_seats": [
            {**seat.to_dict(), "room": seat.chat.room_id}
            for seat in TearFriendSeat.objects.select_related("chat").filter(user=user)
        ],
        "tear_friend_messages": [
            {
                **SmallChat(chats[m.conversation_id]).message_dict(m),
                "room": chats[m.conversation_id].room_id,
            }
            for m in own.filter(conversation_id__in=chats)
        ],
        # Their own words in private check-ins (with the host of a room, or as its host).
        "check_in_messages": [
            {
                **CheckInChat(check_ins[m.conversation_id]).message_dict(m),
                "room": check_ins[m.conversation_id].room_id,
                "room_title": check_ins[m.conversation_id].room.title,
            }
            for m in own.filter(conversation_id__in=check_ins)
        ],
        # A withheld invitation was never delivered; it is not part of the invitee's data.
        "tear_friend_invitations": [
            i.to_dict(viewer_id=user.pk)
            for i in TearFriendInvitation.objects.select_related("room", "inviter", "invitee")
            .filter(Q(inviter=user) | Q(invitee=user))
            .exclude(Q(invitee=user) & Q(status=InvitationStatus.WITHHELD))
        ],
    }
