"""Importing therapists from CSV: all or nothing, every wrong row named with why."""

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tearspace.care.imports import do_import_therapists
from tearspace.care.matching import Preferences, match_therapists
from tearspace.care.models import TherapistProfile

HEADER = (
    "handle,email,name,licence_type,licence_number,region,languages,specialties,online,in_person,"
    "location,insurers,sliding_scale,availability,time_zone,note\n"
)
GOOD = (
    "dr_rivera,rivera@example.org,Ana Rivera (fictional),LCSW,NY-1,US-NY,en|es,"
    "grief|anxiety,yes,no,,"
    "Aetna|Cigna,yes,mon_evening,America/New_York,Kind and calm\n"
)
GOOD2 = (
    "dr_okafor,okafor@example.org,Ben Okafor (fictional),LPC,NY-2,US-NY,en,trauma,"
    "yes,yes,Brooklyn,,no,,"
    "America/New_York,\n"
)


@pytest.mark.django_db
def test_good_rows_are_all_imported_listed_and_matchable(operator):
    report = do_import_therapists(text=HEADER + GOOD + GOOD2, operator=operator)
    assert report.errors == []
    assert report.imported == 2
    rivera = TherapistProfile.objects.get(user__username="dr_rivera")
    assert rivera.is_listed
    assert rivera.verified_by == operator
    # No password yet: the first sign-in is a reset link to the address in the file.
    assert not rivera.user.has_usable_password()
    assert rivera.user.email == "rivera@example.org"
    assert EmailAddress.objects.get(user=rivera.user).email == "rivera@example.org"
    found = match_therapists(Preferences(language="es", region="US-NY", insurer="aetna"))
    assert [m.therapist_id for m in found] == [rivera.pk]
    assert "takes your insurance (Aetna)" in found[0].reasons


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_each_bad_row_is_named(operator):
    bad_language = "dr_x,x@example.org,X,LCSW,1,US-NY,klingon,,yes,no,,,no,,UTC,\n"
    missing = "dr_y,y@example.org,,LCSW,1,US-NY,en,,yes,no,,,no,,UTC,\n"
    bad_flag = "dr_z,z@example.org,Z,LCSW,1,US-NY,en,,perhaps,no,,,no,,UTC,\n"
    bad_email = "dr_w,not-an-address,W,LCSW,1,US-NY,en,,yes,no,,,no,,UTC,\n"
    same_email = GOOD2.replace("dr_okafor", "dr_other")
    text = (
        HEADER
        + GOOD
        + bad_language
        + missing
        + bad_flag
        + GOOD.replace("NY-1", "NY-9")
        + bad_email
        + GOOD2
        + same_email
    )
    report = do_import_therapists(text=text, operator=operator)
    assert report.imported == 0
    assert TherapistProfile.objects.count() == 0
    rows = dict(report.errors)
    assert "unknown klingon" in rows[3]
    assert "missing name" in rows[4]
    assert "online: write yes or no" in rows[5]
    assert "dr_rivera is taken" in rows[6]  # the same handle twice in one file
    assert "not-an-address is not an email address" in rows[7]
    assert 8 not in rows
    assert "okafor@example.org is taken" in rows[9]  # the same address twice in one file


@pytest.mark.django_db
def test_the_import_page_reports_rows_and_only_operators_reach_it(login, operator, alice, mod):
    upload = SimpleUploadedFile("t.csv", (HEADER + GOOD + "oops\n").encode())
    page = login(operator).post(reverse("care:import"), {"file": upload}).content.decode()
    assert "Nothing was imported" in page
    assert "Row 3" in page
    for other in (alice, mod):
        assert login(other).get(reverse("care:import")).status_code == 404


@pytest.mark.django_db
def test_checking_a_file_reads_the_accounts_once_not_once_a_row(django_assert_max_num_queries):
    from tearspace.care.imports import check_rows

    rows = "".join(
        GOOD2.replace("dr_okafor", f"dr_{n}").replace("okafor@", f"p{n}@") for n in range(40)
    )
    with django_assert_max_num_queries(3):
        ready, report = check_rows(HEADER + rows)
    assert report.errors == []
    assert len(ready) == 40
