"""The site's main navigation: which sections a person sees and which one they are in.

One list drives the header (templates/base.html), the current-section mark (aria-current) and
the browser crawl that checks every page reachable from it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tearspace.notifications.selectors import unread_count

# Roles that see the moderation queue in the menu (the queue itself still checks the factor).
MODERATING_ROLES = frozenset({"moderator", "operator"})
FEW_LINKS = 3


@dataclass(frozen=True)
class Section:
    """One menu entry: its label, the URL name it opens, and who sees it."""

    label: Promise
    url_name: str
    audience: str  # "everyone", "anonymous", "members" (signed in) or "moderators"


SECTIONS: tuple[Section, ...] = (
    Section(_("Journal"), "journal:timeline", "members"),
    Section(_("Circles"), "circles:index", "members"),
    Section(_("Community"), "circles:community", "members"),
    Section(_("Rooms"), "rooms:list", "members"),
    Section(_("Someone now"), "support:start", "members"),
    Section(_("Toolkit"), "toolkit:index", "everyone"),
    Section(_("Self-checks"), "safety:self_checks", "members"),
    Section(_("Therapists"), "care:index", "members"),
    Section(_("Notifications"), "circles:notifications", "members"),
    Section(_("Moderation"), "moderation:queue", "moderators"),
    Section(_("Settings"), "accounts:settings", "members"),
    Section(_("Log in"), "account_login", "anonymous"),
    Section(_("Sign up"), "account_signup", "anonymous"),
)


@dataclass(frozen=True)
class NavLink:
    """A section as one person sees it on one page."""

    label: Promise
    url: str
    current: bool
    badge: int  # unread notifications on the Notifications link; 0 elsewhere


@dataclass(frozen=True)
class Nav:
    """The menu for one person on one page, and their unread count (for the menu button)."""

    links: list[NavLink]
    unread: int

    @property
    def few(self) -> bool:
        """Whether the menu is short enough to stay open in the header of a tablet or desktop
        (a visitor's Toolkit, Log in, Sign up); a member's folds behind the menu button."""
        return len(self.links) <= FEW_LINKS


def _sees(user: Any, audience: str) -> bool:
    signed_in = bool(user is not None and user.is_authenticated)
    if audience == "anonymous":
        return not signed_in
    if audience == "members":
        return signed_in
    if audience == "moderators":
        return signed_in and getattr(user, "role", None) in MODERATING_ROLES
    return True


def nav_for(user: Any, path: str) -> Nav:
    """The sections `user` sees, in menu order, the one `path` lies in marked current.

    The current section is the one whose URL is the longest prefix of `path`, so
    /circles/community/ marks Community, not Circles. Reads the unread count (one query) only
    for a signed-in person.
    """
    visible = [(section, reverse(section.url_name)) for section in SECTIONS]
    visible = [(section, url) for section, url in visible if _sees(user, section.audience)]
    matching = [url for _section, url in visible if path.startswith(url)]
    current = max(matching, key=len, default=None)
    unread = unread_count(person_id=user.pk) if user is not None and user.is_authenticated else 0
    links = [
        NavLink(
            label=section.label,
            url=url,
            current=url == current,
            badge=unread if section.url_name == "circles:notifications" else 0,
        )
        for section, url in visible
    ]
    return Nav(links=links, unread=unread)


def lazy_nav(user: Any, path: str) -> Callable[[], Nav]:
    """`nav_for` for a template to call only when it draws the menu (partials never do)."""
    return lambda: nav_for(user, path)
