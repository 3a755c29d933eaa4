"""Range parsing by RFC 9110 §14: every form a player or a broken client may send."""

import pytest

from tearspace.lib.http import RangeNotSatisfiable, requested_range

SIZE = 1000


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=100-199", (100, 199)),
        ("bytes=5-5", (5, 5)),  # one byte is a range too
        ("bytes=900-", (900, 999)),
        ("bytes=990-5000", (990, 999)),  # the last position is cut to the file's end
        ("bytes=-10", (990, 999)),
        ("bytes=-5000", (0, 999)),  # a suffix longer than the file asks for all of it
        ("Bytes = 0-9", (0, 9)),  # the unit is case-insensitive
        ("bytes=0-9, 5000-6000", (0, 9)),  # only one of the ranges lies in the file
        ("bytes=0-9,", (0, 9)),  # empty list elements are skipped
    ],
)
def test_it_reads_each_satisfiable_form(header: str, expected: tuple[int, int]) -> None:
    assert requested_range(header, size=SIZE) == expected


@pytest.mark.parametrize(
    "header",
    [
        "",
        "bytes=",
        "bytes=-",
        "bytes=abc",
        "bytes=10-5",  # last before first
        "bytes=0-1-2",
        "bytes=+1-2",
        "bytes=１-2",  # noqa: RUF001 - a full-width digit is not a digit in HTTP
        "bytes=,",
        "0-99",
        "items=0-99",
        "bytes=" + "9" * 5000 + "-",  # more digits than Python turns into a number
        "bytes=0-99,200-299",  # several ranges: we send the whole file, never multipart
    ],
)
def test_it_ignores_what_it_need_not_honour(header: str) -> None:
    assert requested_range(header, size=SIZE) is None


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0", "bytes=-0,1000-"])
def test_it_refuses_ranges_outside_the_file(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable):
        requested_range(header, size=SIZE)


def test_it_sends_an_empty_file_whole_whatever_is_asked() -> None:
    assert requested_range("bytes=0-10", size=0) is None
    assert requested_range("bytes=-10", size=0) is None
