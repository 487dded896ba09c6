"""Two workers handed the same report: the row lock lets exactly one build it."""

import threading

import pytest
from django.db import connection

from revival_portal.reports.choices import ReportStatus
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.services import programme_report_run
from tests.reports.factories import ProgrammeReportFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_build_a_report_once():
    report = ProgrammeReportFactory()
    results, errors = [], []
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            results.append(programme_report_run(report_id=report.pk))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert ProgrammeReport.objects.get(pk=report.pk).status == ReportStatus.DONE


@pytest.mark.django_db
def test_admin_lists_reports(admin_client):
    ProgrammeReportFactory(status=ReportStatus.FAILED, error="disk full")
    response = admin_client.get("/admin/reports/programmereport/")
    assert response.status_code == 200 and "فروردین ۱۴۰۴" in response.content.decode()
    assert admin_client.get("/admin/reports/programmereport/add/").status_code == 403
