"""Paging parameters of the JSON API, with their ranges declared.

The ranges show in the OpenAPI schema (``minimum``/``maximum``) and django-ninja checks them
before a view runs, so a value out of range is a 422 that names the parameter, never a
silently different page (``limit=0`` used to answer one message, ``page=-3`` the first page).
"""

from typing import Annotated

from ninja import Query

MAX_PAGE = 10_000

# A 1-based page number of a list, 1..MAX_PAGE; past the last page a list answers its last.
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]
# A conversation's sequence number to read after; 0 reads from the start.
AfterSeq = Annotated[int, Query(ge=0)]
# The most items one page of a list or a conversation's history holds.
MAX_PAGE_SIZE = 200
# How many items a page should hold, 1..MAX_PAGE_SIZE.
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
