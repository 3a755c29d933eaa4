from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.db import models
from django.db.models.signals import post_delete
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tearspace.conversations.models import Message


class CareConfig(AppConfig):
    name = "tearspace.care"
    label = "care"
    verbose_name = _("Care")

    def ready(self) -> None:
        from tearspace.accounts import data
        from tearspace.care.data import export_care_data
        from tearspace.care.demo import seed_demo_therapists
        from tearspace.conversations.kinds import register_kind
        from tearspace.core import demo

        data.register(data.DataContributor(name="care", export=export_care_data))
        demo.register(seed_demo_therapists)
        register_kind("care", remover=_remove_message, place=_message_place)
        # A request's messages and its circle of two go with it (an account deleted on either
        # side deletes the request by cascade).
        post_delete.connect(_drop_request_parts, sender="care.CareRequest")


def _drop_request_parts(sender: type[models.Model], instance: models.Model, **_: object) -> None:
    for part in ("conversation", "circle"):
        found = getattr(instance, f"{part}_id", None)
        if found is not None:
            related = instance._meta.get_field(part).related_model
            assert isinstance(related, type)
            related._default_manager.filter(pk=found).delete()


def _remove_message(message: "Message") -> None:
    from tearspace.care.chat import CareChat
    from tearspace.care.models import CareRequest
    from tearspace.conversations.actions import do_hide

    request = CareRequest.objects.get(conversation_id=message.conversation_id)
    do_hide(message=message, policy=CareChat(request))


def _message_place(message: "Message") -> tuple[str, str]:
    # Moderators cannot open the conversation; the reported words are in the report itself.
    what = gettext("Message #%(seq)d between a person and their therapist")
    return (what % {"seq": message.seq}, "")
