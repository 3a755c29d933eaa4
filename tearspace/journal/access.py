"""The one way to fetch journal things: only the owner ever gets them; everyone else gets 404.

Staff are not special here: moderators and superusers cannot read a private journal.
"""

import uuid

from django.http import Http404

from tearspace.accounts.models import User
from tearspace.journal.models import Clip, Entry, MontageJob


def _owner(user: object) -> User:
    if not isinstance(user, User) or not user.is_authenticated:
        raise Http404
    return user


def access_entry_by_id(user: object, entry_id: int) -> Entry:
    entry = (
        Entry.objects.select_related("clip", "room")
        .prefetch_related("tags")
        .filter(owner=_owner(user), pk=entry_id)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def access_clip_by_entry_id(user: object, entry_id: int) -> Clip:
    clip = Clip.objects.filter(owner=_owner(user), entry_id=entry_id).first()
    if clip is None:
        raise Http404
    return clip


def access_montage_by_id(user: object, montage_id: uuid.UUID | str) -> MontageJob:
    try:
        key = uuid.UUID(str(montage_id))
    except ValueError:
        raise Http404 from None
    job = MontageJob.objects.filter(owner=_owner(user), pk=key).first()
    if job is None:
        raise Http404
    return job
