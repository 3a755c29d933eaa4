"""What moderation decisions mean elsewhere: who may post, and how reported content is removed.

Other apps call `check_can_post` before storing words others will see, and register a remover
for each model people can report (`register_content_remover`), so safety never imports them.
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tearspace.accounts import clock
from tearspace.safety.models import Sanction, SanctionKind

ContentRemover = Callable[[models.Model], None]
_removers: dict[str, ContentRemover] = {}


def register_content_remover(model_label: str, remover: ContentRemover) -> None:
    """`model_label` is "app_label.modelname" (lower case), e.g. "circles.reply"."""
    _removers[model_label.lower()] = remover


def content_remover_for(model_label: str) -> ContentRemover | None:
    return _removers.get(model_label.lower())


# Where reported content lives, for the moderator console: (what to call it, a link to it).
ContentPlace = Callable[[models.Model], tuple[str, str]]
_places: dict[str, ContentPlace] = {}


def register_content_place(model_label: str, place: ContentPlace) -> None:
    """`model_label` as for `register_content_remover`; `place` names and links to an object."""
    _places[model_label.lower()] = place


def content_place_of(content_type: ContentType | None, object_id: str) -> tuple[str, str] | None:
    """Where a reported object is, if its app says so and it still exists."""
    if content_type is None or not object_id:
        return None
    place = _places.get(f"{content_type.app_label}.{content_type.model}")
    if place is None:
        return None
    obj = content_type.get_all_objects_for_this_type().filter(pk=object_id).first()
    return place(obj) if obj is not None else None


class PostingPaused(Exception):
    """The person is paused from posting; the message is safe and kind to show them."""

    status = 403

    def __init__(self, sanction: Sanction) -> None:
        self.sanction = sanction
        self.until = sanction.until
        self.appeal_url = reverse("safety:standing")
        if sanction.until:
            when = date_format(clock.local(sanction.until, sanction.person), "DATETIME_FORMAT")
            message = _(
                "Posting is paused for your account until %(when)s. "
                "You can read why, and ask for a second look, at %(url)s"
            ) % {"when": when, "url": self.appeal_url}
        else:
            message = _(
                "Posting is paused for your account. "
                "You can read why, and ask for a second look, at %(url)s"
            ) % {"url": self.appeal_url}
        super().__init__(message)


def active_mute(user_id: int) -> Sanction | None:
    return (
        Sanction.objects.filter(
            person_id=user_id,
            kind=SanctionKind.MUTE,
            lifted_at__isnull=True,
            until__gt=timezone.now(),
        )
        .order_by("-until")
        .first()
    )


def check_can_post(user: object) -> None:
    """Raise PostingPaused while a pause on this person's posting has not ended."""
    user_id = getattr(user, "pk", None)
    if user_id is None:
        return
    mute = active_mute(user_id)
    if mute is not None:
        raise PostingPaused(mute)
