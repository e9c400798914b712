"""The personal-data check: what it must find, and the ordinary text it must leave alone."""

import pytest

from ksbtracker.personal_data import FindingKind, find_personal_data


def kinds_and_texts(text):
    return [(f.kind, f.text) for f in find_personal_data(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Met X123456 at the office.", "X123456"),
        ("CRN: a654321", "a654321"),
        ("(CRN X123456)", "X123456"),
        ("case X123456.", "X123456"),
        ("X123456", "X123456"),
    ],
)
def test_case_reference_numbers_are_found(text, expected):
    assert kinds_and_texts(text) == [(FindingKind.CRN, expected)]


@pytest.mark.parametrize(
    "text",
    [
        "This shows K12, S1 and B7.",
        "Standard ST0648 and ST0494 v1.1",
        "Reference XY123456 is not a CRN shape",
        "X1234567 has seven digits",
        "Call 01234 567890",
        "K1 S12 B3 D14",
    ],
)
def test_codes_and_numbers_that_are_not_crns_are_left_alone(text):
    assert [f for f in find_personal_data(text) if f.kind == FindingKind.CRN] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("PNC 2001/0123456A on file", "2001/0123456A"),
        ("PNC: 01/123456A", "01/123456A"),
        ("pnc 98/1234z.", "98/1234z"),
        ("(1999/12345X)", "1999/12345X"),
    ],
)
def test_pnc_numbers_are_found_in_long_and_short_year_forms(text, expected):
    assert kinds_and_texts(text) == [(FindingKind.PNC, expected)]


@pytest.mark.parametrize(
    "text",
    [
        "See PI 05/2014 on the management of cases.",
        "PSI 20/2015 and PI 12/2019 apply.",
        "A ratio of 3/4 of cases",
        "On 01/08/2025 we met.",
        "Version 2001/0123456 without a check letter",
    ],
)
def test_instructions_dates_and_fractions_are_not_pnc_numbers(text):
    assert [f for f in find_personal_data(text) if f.kind == FindingKind.PNC] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("DOB 03/04/1990", "03/04/1990"),
        ("D.O.B.: 3.4.90", "3.4.90"),
        ("dob - 1990-04-03", "1990-04-03"),
        ("He was born on 3 April 1990 in the area.", "3 April 1990"),
        ("born 3rd Apr 1990", "3rd Apr 1990"),
        ("Date of birth: 14 February 1985", "14 February 1985"),
        ("date of birth is April 3, 1990", "April 3, 1990"),
        ("birthday 12-12-1970", "12-12-1970"),
        ("03/04/1990 (DOB)", "03/04/1990"),
        ("Seen on 03/04/1990, DOB", "03/04/1990"),
    ],
)
def test_dates_of_birth_are_found(text, expected):
    assert kinds_and_texts(text) == [(FindingKind.DATE_OF_BIRTH, expected)]


@pytest.mark.parametrize(
    "text",
    [
        "The supervision took place on 1 August 2025 at the office.",
        "On 01/08/2025 I completed the risk assessment.",
        "Reviewed 2025-08-01 and again 12 September 2025.",
        "The order was made on 3 April 2024. He was born abroad and moved here later.",
        "Born leaders are rare; on 1 May 2025 I chaired the meeting.",
    ],
)
def test_ordinary_dates_without_birth_context_are_left_alone(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("lives at 1 High Street, M1 1AE", "M1 1AE"),
        ("SW1A 2AA", "SW1A 2AA"),
        ("postcode B33 8TH.", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("M11AE", "M11AE"),
    ],
)
def test_uk_postcodes_are_found(text, expected):
    assert kinds_and_texts(text) == [(FindingKind.POSTCODE, expected)]


@pytest.mark.parametrize(
    "text",
    [
        "This evidences K1, S1 and B1.",
        "K12 S14 B5",
        "Duty D1 and S1 2 times",
        "Level 6 apprenticeship, ST0648",
        "A 1 in 3 chance",
    ],
)
def test_ksb_codes_are_not_postcodes(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I met Mr Smith at court.", "Mr Smith"),
        ("Mrs. O'Brien attended", "Mrs. O'Brien"),
        ("with Ms Jane Doe today", "Ms Jane Doe"),
        ("Miss Patel was the victim", "Miss Patel"),
        ("Dr Jones, the psychiatrist", "Dr Jones"),
    ],
)
def test_titles_with_a_capitalised_name_are_found(text, expected):
    assert kinds_and_texts(text) == [(FindingKind.NAME, expected)]


@pytest.mark.parametrize(
    "text",
    [
        "I met Mr X at court and Ms A on the phone.",
        "Discussed with the person on probation (Mr Y).",
        "mr smith in lower case is not how names are written",
        "I used MS Word for the report.",
        "The victim, Mrs B, agreed.",
    ],
)
def test_anonymised_titles_are_left_alone(text):
    assert find_personal_data(text) == []


def test_each_finding_says_where_it_is_with_the_text_around_it():
    text = "A long opening sentence about the day. Then I met X123456 and later Mr Smith at the office."
    crn, name = find_personal_data(text, where="account")
    assert (crn.kind, crn.text, crn.where) == (FindingKind.CRN, "X123456", "account")
    assert text[crn.start : crn.end] == "X123456"
    assert "I met X123456 and later" in crn.context
    assert crn.context.startswith("…") and crn.context.endswith("…")
    assert name.text == "Mr Smith"
    assert crn.label == "Case reference number (CRN)"
    assert crn.as_record()["label"] == "Case reference number (CRN)"


def test_many_kinds_in_one_text_are_all_found_in_order():
    text = "Mr Smith (CRN X123456, PNC 2001/0123456A), DOB 03/04/1990, lives at M1 1AE."
    assert [f.kind for f in find_personal_data(text)] == [
        FindingKind.NAME,
        FindingKind.CRN,
        FindingKind.PNC,
        FindingKind.DATE_OF_BIRTH,
        FindingKind.POSTCODE,
    ]


def test_empty_text_has_nothing():
    assert find_personal_data("") == []
