"""The host's private check-in and a person's private line to the host: only the two of them
read it or get its events, through the action, the socket and the API."""

import json
from collections.abc import Callable
from functools import partial
from typing import Any, cast

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from tearspace.accounts.actions import do_block, do_delete_account
from tearspace.accounts.models import User
from tearspace.conversations.models import Conversation, Message
from tearspace.rooms import host_actions
from tearspace.rooms.actions import do_send_message
from tearspace.rooms.check_in_actions import (
    do_remove_check_in_message_for_everyone,
    do_report_check_in_message,
    do_send_check_in_message,
)
from tearspace.rooms.common import RoomError
from tearspace.rooms.data import export_rooms_data
from tearspace.rooms.models import CheckIn, Phase, Room
from tearspace.rooms.tests.test_consumers import close_all, open_socket, settle, types
from tearspace.safety.models import Report

Login = Callable[[User | None], Client]
Sent = list[tuple[str, int, dict[str, Any]]]
BASE = "/api/v1/rooms"
CHECK_IN = "Hi, I noticed things might feel heavy right now. I'm here if you'd like to talk."


def recipients(sent: Sent, kind: str) -> list[int]:
    return sorted(uid for where, uid, e in sent if where == "user" and e["type"] == kind)


def in_room(sent: Sent) -> list[dict[str, Any]]:
    return [e for where, _, e in sent if where == "room"]


def check_in(room: Room, host: User, person: User, body: str = CHECK_IN) -> Message:
    message, _ = do_send_check_in_message(
        room_id=room.pk, author=host, person_id=person.pk, body=body
    )
    return message


@pytest.mark.django_db
class TestActions:
    def test_the_host_checks_in_and_only_that_person_and_the_host_receive_it(
        self, room: Room, host: User, member: User, member2: User, mod: User, sent: Sent
    ) -> None:
        message = check_in(room, host, member)
        assert recipients(sent, "room_check_in") == sorted([member.pk, host.pk])
        assert in_room(sent) == []  # not the room chat, not bob, not moderators
        event = next(e for _, _, e in sent if e["type"] == "room_check_in")
        opened = CheckIn.objects.get()
        assert event == {
            "type": "room_check_in",
            "op": "add",
            "room": room.pk,
            "check_in": opened.pk,
            "person": {"id": member.pk, "handle": "alice"},
            "message": {
                "check_in": opened.pk,
                "id": message.pk,
                "seq": 1,
                "author": "hugo",
                "body": CHECK_IN,
                "removed": False,
                "created_at": message.created_at.isoformat(),
            },
        }
        assert (opened.room, opened.person, opened.conversation.kind) == (room, member, "check_in")
        assert not Message.objects.filter(conversation=room.conversation).exists()

    def test_the_person_replies_to_the_host_in_the_same_check_in(
        self, room: Room, host: User, member: User, sent: Sent
    ) -> None:
        first = check_in(room, host, member)
        sent.clear()
        reply, _ = do_send_check_in_message(
            room_id=room.pk, author=member, person_id=None, body="Thank you, it's a lot today."
        )
        assert reply.conversation_id == first.conversation_id
        assert reply.seq == 2
        assert recipients(sent, "room_check_in") == sorted([member.pk, host.pk])
        assert CheckIn.objects.count() == 1

    def test_a_person_can_write_to_the_host_first_in_any_phase_and_while_paused(
        self, room: Room, host: User, member: User, sent: Sent
    ) -> None:
        host_actions.do_set_phase(actor=host, room_id=room.pk, phase=Phase.WATCHING)
        host_actions.do_set_chat_muted(actor=host, room_id=room.pk, muted=True)
        host_actions.do_set_member_muted(actor=host, room_id=room.pk, user_id=member.pk, muted=True)
        with pytest.raises(RoomError):
            do_send_message(room_id=room.pk, author=member, body="in the room")
        message, _ = do_send_check_in_message(
            room_id=room.pk, author=member, person_id=member.pk, body="Can I step out?"
        )
        assert message.conversation.check_in.person == member
        assert recipients(sent, "room_check_in") == sorted([member.pk, host.pk])

    def test_anyone_else_is_refused(
        self, room: Room, host: User, member: User, member2: User, charlie: User, mod: User
    ) -> None:
        check_in(room, host, member)
        for other in (member2, charlie, mod):
            with pytest.raises(RoomError) as refused:
                do_send_check_in_message(
                    room_id=room.pk, author=other, person_id=member.pk, body="let me in"
                )
            assert refused.value.status == 403
        # Someone not in the room cannot open a line of their own, nor be checked in with.
        for author, person in ((charlie, None), (host, charlie.pk)):
            with pytest.raises(RoomError) as refused:
                do_send_check_in_message(
                    room_id=room.pk, author=author, person_id=person, body="hello"
                )
            assert refused.value.status == 403
        with pytest.raises(RoomError):
            do_send_check_in_message(room_id=room.pk, author=host, person_id=None, body="hi")
        assert Message.objects.filter(conversation__check_in__isnull=False).count() == 1
        assert list(CheckIn.objects.values_list("person", flat=True)) == [member.pk]

    def test_a_block_between_them_closes_the_private_line_both_ways(
        self, room: Room, host: User, member: User
    ) -> None:
        do_block(blocker=member, blocked=host)
        for author, person in ((host, member.pk), (member, None)):
            with pytest.raises(RoomError) as refused:
                do_send_check_in_message(
                    room_id=room.pk, author=author, person_id=person, body="hello"
                )
            assert refused.value.status == 403
        assert not CheckIn.objects.exists()

    @pytest.mark.parametrize(("host_band", "person_band"), [("adult", "minor"), ("minor", "adult")])
    def test_an_adult_and_someone_under_18_have_no_private_line_and_hear_it_as_a_block(
        self,
        login: Login,
        room: Room,
        host: User,
        member: User,
        member2: User,
        host_band: str,
        person_band: str,
    ) -> None:
        User.objects.filter(pk=host.pk).update(age_band=host_band)
        User.objects.filter(pk=member.pk).update(age_band=person_band)
        do_block(blocker=member2, blocked=host)
        host.refresh_from_db()
        member.refresh_from_db()

        def refusal(author: User, person: User, writes_to: int | None) -> tuple[int, str]:
            path = f"{BASE}/{room.pk}/check-ins/{person.pk}/messages"
            body = json.dumps({"body": "hello", "key": f"k-{author.pk}-{person.pk}"})
            answer = login(author).post(path, body, content_type="application/json")
            with pytest.raises(RoomError) as refused:
                do_send_check_in_message(
                    room_id=room.pk, author=author, person_id=writes_to, body="hello"
                )
            assert refused.value.status == answer.status_code
            assert str(refused.value) == answer.json()["detail"]
            return answer.status_code, answer.json()["detail"]

        # The host across bands hears exactly what they hear for someone with a block.
        assert refusal(host, member, member.pk) == refusal(host, member2, member2.pk)
        assert refusal(host, member, member.pk)[0] == 403
        # And the person's own line to the host is closed as a block closes it.
        assert refusal(member, member, None) == refusal(member2, member2, None)
        assert not CheckIn.objects.exists()

    @pytest.mark.parametrize("band", ["adult", "minor", ""])
    def test_a_host_and_a_person_of_the_same_band_or_one_not_given_write_privately(
        self, room: Room, host: User, member: User, band: str
    ) -> None:
        User.objects.filter(pk=host.pk).update(age_band=band or "adult")
        User.objects.filter(pk=member.pk).update(age_band=band)
        host.refresh_from_db()
        member.refresh_from_db()
        check_in(room, host, member)
        do_send_check_in_message(room_id=room.pk, author=member, person_id=None, body="thanks")
        assert CheckIn.objects.get().person_id == member.pk
        assert Message.objects.filter(conversation__check_in__isnull=False).count() == 2

    def test_a_host_without_their_second_factor_cannot_check_in(
        self, room: Room, host: User, member: User
    ) -> None:
        Authenticator.objects.filter(user=host).delete()
        with pytest.raises(RoomError) as refused:
            check_in(room, host, member)
        assert refused.value.status == 403
        assert not CheckIn.objects.exists()

    def test_a_check_in_is_screened_and_the_writer_privately_gets_help(
        self, room: Room, host: User, member: User, member2: User, mod: User, sent: Sent
    ) -> None:
        check_in(room, host, member)
        sent.clear()
        do_send_check_in_message(
            room_id=room.pk, author=member, person_id=None, body="CRISIS I can't anymore"
        )
        assert recipients(sent, "room_help") == [member.pk]
        assert recipients(sent, "room_alert") == sorted([host.pk, mod.pk])
        alert = next(e for _, _, e in sent if e["type"] == "room_alert")
        assert alert["check_in"] == CheckIn.objects.get().pk
        assert alert["author_id"] == member.pk
        assert "body" not in alert
        assert "CRISIS" not in json.dumps(alert)
        assert member2.pk not in {uid for _, uid, _ in sent}

    def test_a_retry_with_the_same_key_stores_one_message(
        self, room: Room, host: User, member: User
    ) -> None:
        send = partial(do_send_check_in_message, room_id=room.pk, author=host, person_id=member.pk)
        first, _ = send(body=CHECK_IN, client_key="k-1")
        again, screening = send(body=CHECK_IN, client_key="k-1")
        assert (again.pk, screening) == (first.pk, None)
        assert Message.objects.filter(conversation__check_in__isnull=False).count() == 1

    def test_after_the_session_no_new_words_but_both_still_read(
        self, login: Login, room: Room, host: User, member: User
    ) -> None:
        check_in(room, host, member)
        host_actions.do_end_room(actor=host, room_id=room.pk)
        for author, person in ((host, member.pk), (member, None)):
            with pytest.raises(RoomError, match="ended"):
                do_send_check_in_message(
                    room_id=room.pk, author=author, person_id=person, body="one more"
                )
        for reader in (host, member):
            page = login(reader).get(f"{BASE}/{room.pk}/check-ins/{member.pk}/messages")
            assert [m["body"] for m in page.json()["messages"]] == [CHECK_IN]

    def test_the_export_holds_the_persons_own_words_and_deletion_takes_the_check_in(
        self, room: Room, host: User, member: User
    ) -> None:
        check_in(room, host, member)
        do_send_check_in_message(room_id=room.pk, author=member, person_id=None, body="thanks")
        exported = cast(list[dict[str, Any]], export_rooms_data(member)["check_in_messages"])
        assert [(m["body"], m["room_title"]) for m in exported] == [("thanks", "Goodbye films")]
        hosts = cast(list[dict[str, Any]], export_rooms_data(host)["check_in_messages"])
        assert [m["body"] for m in hosts] == [CHECK_IN]
        do_delete_account(user=member)
        assert not CheckIn.objects.exists()
        assert not Conversation.objects.filter(kind="check_in").exists()
        assert not Message.objects.filter(body=CHECK_IN).exists()

    def test_a_report_goes_to_moderators_and_removal_reaches_the_two(
        self,
        login: Login,
        room: Room,
        host: User,
        member: User,
        member2: User,
        mod: User,
        sent: Sent,
    ) -> None:
        message = check_in(room, host, member, body="Just pull yourself together.")
        with pytest.raises(RoomError) as unknown:
            do_report_check_in_message(
                reporter=member2, room_id=room.pk, message_id=message.pk, reason="unkind"
            )
        assert unknown.value.status == 404
        report, _ = do_report_check_in_message(
            reporter=member, room_id=room.pk, message_id=message.pk, reason="unkind"
        )
        console = login(mod)
        page = console.get(f"/moderation/report/{report.pk}/").text
        assert "private check-in with the host" in page
        sent.clear()
        removed = console.post(
            f"/moderation/report/{report.pk}/sanction/",
            {"action": "remove", "reason": "Please be gentle with people here."},
        )
        assert removed.status_code == 302
        message.refresh_from_db()
        assert (message.hidden, message.body) == (True, "")
        assert recipients(sent, "room_check_in") == sorted([member.pk, host.pk])
        assert in_room(sent) == []
        assert Report.objects.get().snapshot == "Just pull yourself together."


@pytest.mark.django_db
class TestApi:
    def test_only_the_two_read_it_by_id(
        self,
        login: Login,
        room: Room,
        host: User,
        member: User,
        member2: User,
        charlie: User,
        mod: User,
    ) -> None:
        check_in(room, host, member)
        path = f"{BASE}/{room.pk}/check-ins/{member.pk}/messages"
        for reader in (member, host):
            page = login(reader).get(path).json()
            assert [m["body"] for m in page["messages"]] == [CHECK_IN]
            assert page["last_seq"] == 1
            assert login(reader).get(f"{path}?after=1").json()["messages"] == []
            listed = login(reader).get(f"{BASE}/{room.pk}/check-ins").json()
            assert [c["person"]["handle"] for c in listed] == ["alice"]
        for other in (member2, charlie, mod):
            assert login(other).get(path).status_code == 404
            assert login(other).get(f"{BASE}/{room.pk}/check-ins").json() == []
        assert login(None).get(path).status_code == 401
        # A check-in nobody opened is not there either.
        assert (
            login(host).get(f"{BASE}/{room.pk}/check-ins/{member2.pk}/messages").status_code == 404
        )

    def test_a_reader_resuming_after_a_removal_learns_of_it(
        self, login: Login, room: Room, host: User, member: User
    ) -> None:
        message = check_in(room, host, member, body="Just pull yourself together.")
        do_send_check_in_message(room_id=room.pk, author=member, person_id=None, body="ok")
        do_remove_check_in_message_for_everyone(message=message)
        path = f"{BASE}/{room.pk}/check-ins/{member.pk}/messages"
        page = login(member).get(f"{path}?after=2").json()
        assert page == {
            "messages": [],
            "changes": [
                {
                    "type": "room_check_in",
                    "op": "remove",
                    "room": room.pk,
                    "check_in": CheckIn.objects.get().pk,
                    "person": {"id": member.pk, "handle": "alice"},
                    "id": message.pk,
                    "seq": 3,
                    "message_seq": 1,
                }
            ],
            "last_seq": 3,
        }
        fresh = login(host).get(path).json()["messages"]
        assert [(m["body"], m["removed"]) for m in fresh] == [("", True), ("ok", False)]

    def test_only_the_two_write_it(
        self, login: Login, room: Room, host: User, member: User, member2: User, charlie: User
    ) -> None:
        path = f"{BASE}/{room.pk}/check-ins/{member.pk}/messages"
        body = json.dumps({"body": "hello", "key": "k-1"})
        sent = login(host).post(path, body, content_type="application/json")
        assert sent.status_code == 200, sent.content
        assert sent.json()["seq"] == 1
        reply = login(member).post(path, body, content_type="application/json")
        assert reply.json()["seq"] == 2
        for other in (member2, charlie):
            refused = login(other).post(path, body, content_type="application/json")
            assert refused.status_code == 403
        assert Message.objects.filter(conversation__check_in__isnull=False).count() == 2


@pytest.mark.django_db
def test_the_live_page_offers_the_private_line_to_people_in_the_room_only(
    login: Login, room: Room, host: User, member: User, mod: User
) -> None:
    live = f"/rooms/{room.pk}/live/"
    assert 'id="write-to-host"' in login(member).get(live).text
    for steering in (host, mod):
        page = login(steering).get(live).text
        assert 'id="write-to-host"' not in page
        assert 'id="check-in-template"' in page  # the host's panels, and alerts' check-ins


@pytest.mark.django_db(transaction=True)
class TestSocket:
    async def test_the_host_checks_in_and_only_the_member_receives_it(
        self, room: Room, host: User, member: User, member2: User, mod: User
    ) -> None:
        h, a, b, m = [await open_socket(u, room) for u in (host, member, member2, mod)]
        await settle(h, a, b, m)
        await h.send(action="check_in_send", person=member.pk, body=CHECK_IN, key="c1")
        got = await settle(h, a, b, m)
        ack = next(e for e in got["hugo"] if e["type"] == "check_in_ack")
        assert {k: ack[k] for k in ("key", "person", "seq")} == {
            "key": "c1",
            "person": member.pk,
            "seq": 1,
        }
        for name in ("hugo", "alice"):
            events = [e for e in got[name] if e["type"] == "room_check_in"]
            assert [e["message"]["body"] for e in events] == [CHECK_IN], name
        for name in ("bob", "mona"):
            assert "room_check_in" not in types(got[name])
            assert CHECK_IN not in json.dumps(got[name])
        assert "room_message" not in types(got["alice"])
        await a.send(action="check_in_send", body="Thank you", key="r1")
        got = await settle(h, a, b)
        assert [e["message"]["body"] for e in got["hugo"] if e["type"] == "room_check_in"] == [
            "Thank you"
        ]
        assert "room_check_in" not in types(got["bob"])
        await close_all(h, a, b, m)

    async def test_another_member_cannot_write_it_and_a_reconnect_knows_where_it_stands(
        self, room: Room, host: User, member: User, member2: User
    ) -> None:
        h, a, b = [await open_socket(u, room) for u in (host, member, member2)]
        await settle(h, a, b)
        await h.send(action="check_in_send", person=member.pk, body=CHECK_IN, key="c1")
        await settle(h, a, b)
        await b.send(action="check_in_send", person=member.pk, body="me too", key="b1")
        error = await b.wait_for("error")
        assert (error["key"], error["about"]) == ("b1", "check_in")
        got = await settle(h, a, b)
        assert "room_check_in" not in types(got["alice"]) + types(got["hugo"])
        await close_all(h, a, b)
        again = await open_socket(member, room)
        assert [(c["person"]["id"], c["last_seq"]) for c in again.hello["check_ins"]] == [
            (member.pk, 1)
        ]
        other = await open_socket(member2, room)
        assert other.hello["check_ins"] == []
        await close_all(again, other)

    async def test_a_report_over_the_socket_is_thanked_and_nobody_else_hears(
        self, room: Room, host: User, member: User
    ) -> None:
        h, a = await open_socket(host, room), await open_socket(member, room)
        await settle(h, a)
        await h.send(action="check_in_send", person=member.pk, body="Cheer up already", key="c")
        got = await settle(h, a)
        message = next(e for e in got["alice"] if e["type"] == "room_check_in")["message"]
        await a.send(action="check_in_report", message=message["id"], reason="unkind")
        reply = await a.wait_for("reported")
        assert (reply["message"], reply["check_in"]) == (message["id"], True)
        got = await settle(h, a)
        assert "reported" not in types(got["hugo"])
        await h.send(action="check_in_report", message=message["id"], reason="unkind")
        assert (await h.wait_for("error"))["reason"] == "This is your own message."
        await close_all(h, a)
