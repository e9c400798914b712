import json
from pathlib import Path

import pytest

from ksbtracker.standards.text import clean_detail

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "standards-api"


def test_html_tags_are_removed_and_block_tags_become_line_breaks():
    raw = "<p>Know the <strong>law</strong> on sentencing.</p><ul><li>bail</li><li>parole</li></ul>"

    assert clean_detail(raw) == "Know the law on sentencing.\nbail\nparole"


def test_nbsp_and_entities_are_unescaped():
    assert (
        clean_detail("Wounds &amp; bleeding,&nbsp;burns&nbsp;&amp;&nbsp;scalds")
        == "Wounds & bleeding, burns & scalds"
    )


def test_double_escaped_html_comes_out_as_plain_text():
    assert clean_detail("&amp;lt;p&amp;gt;Risk&amp;amp;nbsp;of harm&amp;lt;/p&amp;gt;") == "Risk of harm"


@pytest.mark.parametrize(
    "raw",
    [
        "Aware of Health and Safety (H&S) regulations",
        "Rail Traction & Rolling Stock (T&RS) engineering",
        "Stakeholders (e.g. R&D, marketing)",
        "Fish&notes",
        "fewer than <5 people, where a < b > c",
    ],
)
def test_ampersands_and_angle_brackets_in_plain_text_are_kept(raw):
    assert clean_detail(raw) == raw


def test_whitespace_is_collapsed_but_one_item_a_line_lists_keep_their_lines():
    raw = "Legislation, including:\r\n  Food\u00a0Safety \n\n\tHealth  and Safety\n"

    assert clean_detail(raw) == "Legislation, including:\nFood Safety\nHealth and Safety"


def test_published_double_escaped_occupational_summary_reads_as_plain_text():
    document = json.loads((FIXTURES / "standards_495.json").read_text())

    text = clean_detail(document["occupationalSummary"])

    assert text.startswith("This occupation is found in the National Probation Service")
    assert "&lt;" not in text and "<p>" not in text and "\r" not in text


@pytest.mark.parametrize("raw", ["", "   ", "<p>&nbsp;</p>", "\n\t"])
def test_blank_detail_is_empty(raw):
    assert clean_detail(raw) == ""
