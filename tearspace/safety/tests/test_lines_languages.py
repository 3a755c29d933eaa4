"""Crisis lines in the reader's language: the shipped set, its order and its re-check."""

import importlib
import re
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.utils import translation

from tearspace.safety.default_lines import CHECKED, LINES, OWN_PAGE, SECONDARY, line_fields
from tearspace.safety.models import CrisisLine
from tearspace.safety.selectors import crisis_lines_for, shipped_crisis_lines

pytestmark = pytest.mark.usefixtures("crisis_lines")

# Numbers crisis_lines_checked.md lists as wrong, retired or unverified: never shipped.
NEVER = {
    "03-3501-0110",  # printed for TELL, wrong
    "0570-046-556",  # unified dial with digits swapped
    "0570-0783-55",  # Inochi no Denwa, wrong
    "08457 90 90 90",  # Samaritans UK, retired
    "1850 60 90 90",  # Samaritans IE, retired
    "902 500 002",  # Teléfono de la Esperanza, old premium rate
    "800 290 0024",  # Guanajuato's line, labelled national
    "0800-345-1435",  # found only in repositories
    "0800-999-0091",  # Argentina's national line: status unverified
    "1-833-456-4566",  # pre-988 Canadian line
}


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def names(lines: list[CrisisLine]) -> list[str]:
    return [line.name for line in lines]


def test_no_wrong_or_unverified_number_is_shipped():
    shipped = {digits(line.get("phone", "")) for line in LINES} | {
        digits(str(line.get("text", ""))) for line in LINES
    }
    assert not shipped & {digits(number) for number in NEVER}


def test_every_shipped_line_is_confirmed_sourced_and_speaks_known_languages():
    for line in LINES:
        assert line["confidence"] in {OWN_PAGE, SECONDARY}, line["name"]
        assert line["source"].startswith("https://"), line["name"]
        assert line["hours"], line["name"]
        CrisisLine._meta.get_field("speaks").run_validators(line["speaks"])


def test_an_unknown_language_code_is_refused_with_its_name():
    with pytest.raises(ValidationError, match="xx"):
        CrisisLine._meta.get_field("speaks").run_validators("es xx")


@pytest.mark.django_db
def test_lines_that_speak_the_readers_language_come_first_in_every_group():
    with translation.override("fr"):
        swiss = crisis_lines_for("CH")
    assert all("fr" in line.language_codes for line in swiss.local)
    english = crisis_lines_for("US", language="en").elsewhere
    spanish = crisis_lines_for("US", language="es").elsewhere
    assert spanish[0].language_codes[0] == "es"
    assert english[0].language_codes == ["en"]
    first_non_spanish = next(i for i, line in enumerate(spanish) if "es" not in line.language_codes)
    assert all("es" not in line.language_codes for line in spanish[first_non_spanish:])
    japan_en = crisis_lines_for("JP", language="en").local
    japan_ja = crisis_lines_for("JP", language="ja").local
    assert names(japan_en)[0] == "TELL Lifeline"
    assert names(japan_ja)[0].startswith("よりそいホットライン")


@pytest.mark.django_db
def test_the_help_page_names_the_languages_in_the_readers_language(login):
    page = login(None).get("/help/?country=CH", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "German, French, Italian" in page
    with translation.override("en"):
        assert "Last checked" in page


def test_the_error_page_lines_come_from_code_in_the_same_order():
    shipped = shipped_crisis_lines("JP", language="ja")
    assert names(shipped.local)[-1] == "TELL Lifeline"
    assert names(shipped.local)[-2] == "こころの健康相談統一ダイヤル"
    assert all(line.checked_on == CHECKED for line in shipped)


MIGRATION = importlib.import_module("tearspace.safety.migrations.0008_crisis_lines_languages")


@pytest.mark.django_db
def test_the_recheck_migration_corrects_untouched_lines_and_respects_operators_work():
    """An installation from before the re-check: its shipped lines as shipped, one edited, one
    retired, one deleted, and an operator's own line."""
    CrisisLine.objects.all().delete()
    for old in MIGRATION.SHIPPED_BEFORE:
        CrisisLine.objects.create(
            checked_on=date(2026, 11, 24), languages="English, Spanish", **old
        )
    CrisisLine.objects.filter(name="Samaritans").update(description="Our own words")
    CrisisLine.objects.filter(name="Lifeline Australia").update(is_active=False)
    CrisisLine.objects.filter(name="Need to talk? 1737").delete()
    mine = CrisisLine.objects.create(
        country="IT",
        name="A local line",
        phone="123",
        languages="Italiano y English",
        source="https://example.org/",
        checked_on=date(2026, 11, 24),
    )
    MIGRATION.refresh_lines(django_apps, None)

    text_line = CrisisLine.objects.get(name="Crisis Text Line")
    assert (text_line.speaks, text_line.languages, text_line.checked_on) == ("en", "", CHECKED)
    edited = CrisisLine.objects.get(name="Samaritans")
    assert (edited.description, edited.speaks, edited.languages) == (
        "Our own words",
        "en",
        "English, Spanish",
    )
    retired = CrisisLine.objects.get(name="Lifeline Australia")
    assert (retired.is_active, retired.speaks) == (False, "en")
    assert not CrisisLine.objects.filter(name="Need to talk? 1737").exists()
    assert CrisisLine.objects.filter(country="JP").count() == 5
    assert CrisisLine.objects.filter(country="DE").count() == 2
    mine.refresh_from_db()
    assert (mine.language_codes, mine.confidence) == (["en", "it"], "")
    assert CrisisLine.objects.count() == len(LINES) - 1 + 1
    assert len(
        {(line.country.code, line.name, line.phone) for line in CrisisLine.objects.all()}
    ) == (CrisisLine.objects.count())


@pytest.mark.parametrize(
    "line", LINES, ids=[f"{line['country']}-{line['order']}" for line in LINES]
)
def test_every_shipped_line_fits_its_fields(line):
    """Every value within its column's length and rules (SQLite would store a too-long value;
    PostgreSQL refuses it)."""
    CrisisLine(**line_fields(CrisisLine, line)).full_clean()
