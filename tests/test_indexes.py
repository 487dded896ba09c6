"""Every list's first page reads its big table through an index, never a sequential scan.

The registry is filled with tens of thousands of rows (the benchmark's builder at a mid scale) and
analysed; then each list is requested as the person who uses it, the SQL of its page query is
captured (the ``ORDER BY ... LIMIT`` one: what the FilterSet, the scope and the default order make),
and PostgreSQL's plan for it must not scan a big table sequentially.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.bench_data import Scale, fill
from tests.factories import FundOfficerFactory, OperatorFactory, ReviewerFactory, signed_in

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SCALE = Scale("plans", mines=20_000, operators=2_000, applications=6_000, loans=2_000, report_mines=2_000)
BIG_TABLES = (
    "accounts_user",
    "mines_mine",
    "mines_productionreport",
    "financing_loanapplication",
    "financing_applicationevent",
    "financing_loan",
    "financing_instalment",
    "financing_disbursement",
    "financing_repayment",
)
LISTS = [
    ("reviewer", "/mines/"),
    ("reviewer", "/mines/?province=IR-10"),
    ("reviewer", "/mines/?revival_stage=active"),
    ("reviewer", "/mines/?verification=pending"),
    ("reviewer", "/mines/review/"),
    ("operator", "/mines/"),
    ("reviewer", "/api/v1/mines/"),
    ("reviewer", "/api/v1/production-reports/"),
    ("reviewer", "/financing/applications/"),
    ("reviewer", "/financing/applications/?status=approved"),
    ("operator", "/financing/applications/"),
    ("reviewer", "/api/v1/loan-applications/"),
    ("fund_officer", "/financing/loans/"),
    ("fund_officer", "/financing/loans/?status=repaying"),
    ("fund_officer", "/api/v1/loans/"),
    ("fund_officer", "/api/v1/disbursements/"),
    ("fund_officer", "/api/v1/repayments/"),
]


def first_page_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries if re.search(r"ORDER BY .* LIMIT \d+", q["sql"])]


def sequential_scans(sql: str) -> tuple[list[str], str]:
    """The big tables the plan of ``sql`` scans sequentially, and the plan.

    The API's pages carry the list's count in their statement (an aggregate computed once, an InitPlan):
    a count reads every row of the list whatever the indexes, as the paginator's own COUNT query does, so
    that subtree is not the page's reading."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        (root,) = cursor.fetchone()[0]
    scanned, lines = [], []

    def walk(node: dict, depth: int) -> None:
        if node.get("Parent Relationship") == "InitPlan" and node["Node Type"] == "Aggregate":
            lines.append("  " * depth + "(the list's count)")
            return
        lines.append("  " * depth + f"{node['Node Type']} {node.get('Relation Name', '')}".rstrip())
        if node["Node Type"] == "Seq Scan":
            scanned.append(node["Relation Name"])
        for child in node.get("Plans", []):
            walk(child, depth + 1)

    walk(root["Plan"], 0)
    return [table for table in scanned if table in BIG_TABLES], "\n".join(lines)


def test_no_list_scans_a_big_table_for_its_first_page():
    users = {
        "operator": OperatorFactory(username="operator"),
        "reviewer": ReviewerFactory(username="reviewer"),
        "fund_officer": FundOfficerFactory(username="fund_officer"),
    }
    fill(SCALE, log=lambda line: None)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    clients = {name: signed_in(user) for name, user in users.items()}
    failures, checked = {}, 0
    for user, url in LISTS:
        queries = first_page_queries(clients[user], url)
        assert queries, f"{url}: no ORDER BY ... LIMIT query"
        for sql in queries:
            checked += 1
            tables, plan = sequential_scans(sql)
            if tables:
                failures[f"{user} {url}"] = f"scans {', '.join(tables)}\n{sql}\n{plan}"
    assert checked >= len(LISTS)
    summary = {name: text.split("\n", 1)[0] for name, text in failures.items()}
    assert summary == {}, "\n\n".join(f"{name}: {text}" for name, text in failures.items())
