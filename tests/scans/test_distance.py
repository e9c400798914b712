from decimal import Decimal

import pytest

from ksbtracker.scans.models import ScanKind, ScanStatus
from ksbtracker.scans.selectors import baseline_for, compare_with_baseline, distance_travelled, scan_ksbs
from ksbtracker.scans.services import RatingAnswer, save_ratings, sign_scan, start_scan, submit_ratings
from tests.plans.test_services import locked_baseline


def test_sixty_to_eighty_percent_closes_half_the_gap():
    # Five KSBs on a 0–4 scale: 12 of 20 points (60%) then 16 of 20 (80%).
    result = distance_travelled(baseline=[3, 3, 2, 2, 2], later=[4, 3, 3, 3, 3], bottom=0, top=4)
    assert result == {
        "baseline_percent": Decimal("60.00"),
        "later_percent": Decimal("80.00"),
        "gap_closed_percent": Decimal("50.00"),
    }


def test_no_gap_at_the_start_means_nothing_to_close():
    assert distance_travelled(baseline=[4, 4], later=[4, 4], bottom=0, top=4)["gap_closed_percent"] == 0


def test_going_backwards_is_a_negative_distance():
    assert distance_travelled(baseline=[2], later=[1], bottom=0, top=4)["gap_closed_percent"] == Decimal(
        "-50.00"
    )


def test_any_party_starts_a_rescan_compared_with_the_baseline(scan_world):
    baseline = locked_baseline(scan_world, {})  # assessor rated 1 everywhere: that rating stands
    rescan = start_scan(enrolment=scan_world["enrolment"], actor=scan_world["learner"], kind=ScanKind.RESCAN)
    with pytest.raises(Exception, match="still in progress"):
        start_scan(enrolment=scan_world["enrolment"], actor=scan_world["assessor"], kind=ScanKind.RESCAN)
    for who, value in (("learner", 3), ("assessor", 3), ("line_manager", 2)):
        save_ratings(scan=rescan, actor=scan_world[who],
                     answers=[RatingAnswer(ksb_id=k.pk, value=value) for k in scan_ksbs(rescan)])  # fmt: skip
        submit_ratings(scan=rescan, actor=scan_world[who])
    rescan.refresh_from_db()
    assert rescan.status == ScanStatus.SIGNING  # no prior-learning decisions at a re-scan
    for who in ("learner", "line_manager", "provider_admin"):
        sign_scan(scan=rescan, actor=scan_world[who])
    assert baseline_for(rescan) == baseline
    rows, overall = compare_with_baseline(rescan=rescan, baseline=baseline)
    assert [(c.baseline, c.later, c.change) for c in rows] == [(1, 3, 2)] * 5
    assert overall["gap_closed_percent"] == Decimal("66.67")  # 1 → 3 closes 2 of the 3 points to the top
