"""Demo data: the previous Jalali month's report and the previous fiscal year's, built for download.

The reports app comes before mines, financing and equipment in INSTALLED_APPS, so their demo data does not
exist yet when this runs: the builds are queued for after the demo transaction commits, and then run at
once in this process (a worker that later receives the queued task finds them done and does nothing).
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from revival_portal.core.calendar import fiscal_year_of
from revival_portal.reports.choices import PeriodKind
from revival_portal.reports.services import (
    previous_jalali_month,
    programme_report_request,
    programme_report_run,
)


def _build_now(report_ids: list[int], stdout) -> None:
    for report_id in report_ids:
        programme_report_run(report_id=report_id)
    stdout.write(f"Built {len(report_ids)} programme reports.")


def seed(*, users, stdout) -> None:
    reviewer = users["reviewer"]
    today = timezone.localdate()
    year, month = previous_jalali_month(today)
    monthly = programme_report_request(
        actor=reviewer, period_kind=PeriodKind.MONTH, jalali_year=year, jalali_month=month
    )
    yearly = programme_report_request(
        actor=users["fund_officer"], period_kind=PeriodKind.FISCAL_YEAR, jalali_year=fiscal_year_of(today) - 1
    )
    transaction.on_commit(partial(_build_now, [monthly.pk, yearly.pk], stdout))
    stdout.write(f"Queued programme reports: {monthly}, {yearly}.")
