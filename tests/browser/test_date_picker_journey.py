"""An operator picks Jalali dates with the portal's date picker (Persian page) and saves the request."""

import jdatetime
import pytest

from equipment.models import UnitRequest
from revival_portal.core.text import persian_digits
from tests.browser.helpers import log_in
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _pick(page, box: str, day: int) -> None:
    """Open the picker on ``box``, go to next month and click ``day`` (shown in Persian digits)."""
    page.click(box)
    picker = page.locator("jdp-container")
    picker.wait_for(state="visible")
    picker.locator(".jdp-months .jdp-icon-plus").click()
    picker.locator(".jdp-day:not(.not-in-range)", has_text=persian_digits(day)).filter(
        has_not_text=persian_digits(day) + "۰"
    ).first.click()


def test_operator_picks_jalali_dates_and_saves_them(page):
    mine = MineFactory()
    log_in(page, mine.operator.username)
    page.goto("/equipment/requests/new/")
    # Persian pages have no Gregorian picker: the date boxes are text boxes with the Jalali picker.
    assert page.get_attribute("#id_desired_start", "type") == "text"
    assert page.get_attribute("#id_desired_start", "data-jdp") is not None
    page.select_option("#id_mine", str(mine.pk))
    page.select_option("#id_mineral", str(mine.primary_mineral.pk))
    page.fill("#id_ore_tonnes", "۱۲۰۰")
    _pick(page, "#id_desired_start", 5)
    _pick(page, "#id_desired_end", 25)

    today = jdatetime.date.today()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    assert page.input_value("#id_desired_start") == persian_digits(f"{year}/{month:02d}/05")
    page.click("#submit-request")
    page.wait_for_selector("#request-title")

    saved = UnitRequest.objects.get(mine=mine)
    assert saved.desired_start == jdatetime.date(year, month, 5).togregorian()
    assert saved.desired_end == jdatetime.date(year, month, 25).togregorian()
