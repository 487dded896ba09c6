"""Floors: the least any server could do for a request, to measure the portal's pages against.

Each floor answers one of the benchmark's requests with one hand-written SQL query and the plainest
rendering (an HTML table or JSON): what the portal's page would cost if it spent nothing on sessions,
permissions, forms, templates or the ORM. Floors read as programme staff (every row), never look at the
session, and so make exactly one query. They take ``page_size`` (rows, at most 100), ``on`` (a date,
default today), ``pk``, ``province`` and ``q`` where the request they stand for does.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import escape

MINE_COLUMNS = """m.id, m.name, m.licence_number, m.revival_stage, m.verification_status, m.jobs_now,
    m.annual_output_tonnes, m.licence_expires_on, p.name_fa AS province, mi.name_fa AS mineral,
    u.company_name AS operator"""
MINE_JOINS = """JOIN core_province p ON p.code = m.province_id
    JOIN mines_mineral mi ON mi.id = m.primary_mineral_id
    JOIN accounts_user u ON u.id = m.operator_id"""
MINE_SEARCH = """m.province_id = %(province)s AND (m.name ILIKE %(like)s OR m.county ILIKE %(like)s
    OR m.licence_number ILIKE %(like)s OR u.company_name ILIKE %(like)s OR u.last_name ILIKE %(like)s)"""

# Per active loan on %(on)s: outstanding principal, overdue amount and days past due, from the current
# schedule and the tranches (the portfolio's figures).
LOAN_POSITIONS = """
WITH due AS (
    SELECT i.loan_id,
        sum(i.paid_amount - i.paid_interest) AS paid_principal,
        sum(i.amount - i.paid_amount) FILTER (WHERE i.due_date < %(on)s) AS overdue,
        min(i.due_date) FILTER (WHERE i.due_date < %(on)s AND i.paid_amount < i.amount) AS oldest
    FROM financing_instalment i
    JOIN financing_scheduleversion v ON v.id = i.version_id AND v.is_current
    JOIN financing_loan l ON l.id = i.loan_id AND l.status <> 'closed'
    GROUP BY i.loan_id
), paid_out AS (
    SELECT d.loan_id, sum(d.amount) AS amount FROM financing_disbursement d
    JOIN financing_loan l ON l.id = d.loan_id AND l.status <> 'closed' GROUP BY d.loan_id
), position AS (
    SELECT l.id, l.contracted_at,
        coalesce(paid_out.amount, 0) - coalesce(due.paid_principal, 0) AS outstanding,
        coalesce(due.overdue, 0) AS overdue, coalesce(%(on)s - due.oldest, 0) AS days
    FROM financing_loan l
    LEFT JOIN due ON due.loan_id = l.id LEFT JOIN paid_out ON paid_out.loan_id = l.id
    WHERE l.status <> 'closed'
), bucketed AS (
    SELECT *, CASE WHEN days = 0 THEN 'current' WHEN days <= 30 THEN '1-30' WHEN days <= 90 THEN '31-90'
        ELSE '90+' END AS bucket FROM position
)"""

# The same on a past day %(on)s from the dated rows only: loans contracted by then, instalments due by
# then less the repayments dated by then (oldest first), tranches paid by then.
LOAN_POSITIONS_ON = """
WITH repaid AS (
    SELECT r.loan_id, sum(r.amount) AS amount FROM financing_repayment r WHERE r.paid_on <= %(on)s
    GROUP BY r.loan_id
), schedule AS (
    SELECT i.loan_id, i.due_date, i.principal, i.amount,
        sum(i.amount) OVER (PARTITION BY i.loan_id ORDER BY i.number) AS running
    FROM financing_instalment i
    JOIN financing_scheduleversion v ON v.id = i.version_id AND v.is_current
    JOIN financing_loan l ON l.id = i.loan_id AND l.contracted_at::date <= %(on)s
), due AS (
    SELECT s.loan_id,
        sum(s.amount) FILTER (WHERE s.due_date < %(on)s) AS owed,
        sum(s.principal) FILTER (WHERE s.running <= coalesce(repaid.amount, 0)) AS paid_principal,
        min(s.due_date) FILTER (WHERE s.due_date < %(on)s AND s.running > coalesce(repaid.amount, 0))
            AS oldest,
        sum(s.amount) AS total, max(coalesce(repaid.amount, 0)) AS repaid
    FROM schedule s LEFT JOIN repaid ON repaid.loan_id = s.loan_id GROUP BY s.loan_id
), paid_out AS (
    SELECT d.loan_id, sum(d.amount) AS amount FROM financing_disbursement d WHERE d.disbursed_on <= %(on)s
    GROUP BY d.loan_id
), position AS (
    SELECT l.id, l.contracted_at,
        coalesce(paid_out.amount, 0) - coalesce(due.paid_principal, 0) AS outstanding,
        greatest(coalesce(due.owed, 0) - coalesce(due.repaid, 0), 0) AS overdue,
        coalesce(%(on)s - due.oldest, 0) AS days
    FROM financing_loan l JOIN due ON due.loan_id = l.id LEFT JOIN paid_out ON paid_out.loan_id = l.id
    WHERE due.repaid < due.total
), bucketed AS (
    SELECT *, CASE WHEN days = 0 THEN 'current' WHEN days <= 30 THEN '1-30' WHEN days <= 90 THEN '31-90'
        ELSE '90+' END AS bucket FROM position
)"""

PORTFOLIO_SELECT = """
SELECT 'bucket' AS row, bucket AS label, count(*) AS loans, sum(outstanding) AS outstanding,
    sum(overdue) AS overdue, NULL::bigint AS loan, NULL::int AS days
FROM bucketed GROUP BY bucket
UNION ALL
(SELECT 'loan', bucket, 1, outstanding, overdue, id, days FROM bucketed
 ORDER BY days DESC, contracted_at DESC, id DESC LIMIT %(limit)s)"""


@dataclass(frozen=True)
class Floor:
    name: str
    sql: str
    json: bool = False


FLOORS = [
    Floor(
        "mines",
        f"""SELECT {MINE_COLUMNS}, (SELECT count(*) FROM mines_mine) AS total
        FROM mines_mine m {MINE_JOINS} ORDER BY m.created_at DESC, m.id DESC LIMIT %(limit)s""",
    ),
    Floor(
        "mines-search",
        f"""SELECT {MINE_COLUMNS},
            (SELECT count(*) FROM mines_mine m JOIN accounts_user u ON u.id = m.operator_id
             WHERE {MINE_SEARCH}) AS total
        FROM mines_mine m {MINE_JOINS} WHERE {MINE_SEARCH}
        ORDER BY m.created_at DESC, m.id DESC LIMIT %(limit)s""",
    ),
    Floor(
        "api-mines",
        f"""SELECT {MINE_COLUMNS}, (SELECT count(*) FROM mines_mine) AS total
        FROM mines_mine m {MINE_JOINS} ORDER BY m.created_at DESC, m.id DESC LIMIT %(limit)s""",
        json=True,
    ),
    Floor(
        "mine",
        """SELECT m.*, p.name_fa AS province, mi.name_fa AS mineral, u.company_name AS operator,
            (SELECT json_agg(r ORDER BY r.period_year DESC, r.period_month DESC) FROM (
                SELECT period_year, period_month, jobs, tonnes_mined, tonnes_sold, revenue_rials
                FROM mines_productionreport WHERE mine_id = m.id
                ORDER BY period_year DESC, period_month DESC LIMIT 12) r) AS reports,
            (SELECT json_agg(e ORDER BY e.created_at DESC) FROM (
                SELECT kind, from_value, to_value, note, created_at FROM mines_mineevent
                WHERE mine_id = m.id ORDER BY created_at DESC LIMIT 20) e) AS events,
            (SELECT json_agg(a) FROM (SELECT id, status, amount_requested FROM financing_loanapplication
                WHERE mine_id = m.id ORDER BY created_at DESC) a) AS applications
        FROM mines_mine m JOIN core_province p ON p.code = m.province_id
        JOIN mines_mineral mi ON mi.id = m.primary_mineral_id JOIN accounts_user u ON u.id = m.operator_id
        WHERE m.id = %(pk)s""",
    ),
    Floor(
        "api-production-reports",
        """SELECT r.id, r.mine_id, m.name AS mine, r.period_year, r.period_month, r.jobs, r.tonnes_mined,
            r.tonnes_sold, r.revenue_rials, r.filed_at,
            (SELECT count(*) FROM mines_productionreport) AS total
        FROM mines_productionreport r JOIN mines_mine m ON m.id = r.mine_id
        ORDER BY r.period_year DESC, r.period_month DESC, r.id DESC LIMIT %(limit)s""",
        json=True,
    ),
    Floor(
        "applications",
        """SELECT a.id, a.status, a.amount_requested, coalesce(a.submitted_at, a.created_at) AS sent_at,
            m.name AS mine, p.name_fa AS province, u.company_name AS applicant,
            (SELECT count(*) FROM financing_loanapplication
             WHERE status IN ('submitted', 'under_review', 'recommended')) AS total
        FROM financing_loanapplication a JOIN mines_mine m ON m.id = a.mine_id
        JOIN core_province p ON p.code = m.province_id JOIN accounts_user u ON u.id = a.applicant_id
        WHERE a.status IN ('submitted', 'under_review', 'recommended')
        ORDER BY sent_at DESC, a.id DESC LIMIT %(limit)s""",
    ),
    Floor(
        "api-applications",
        """SELECT a.id, a.mine_id, m.name AS mine, a.applicant_id, u.username AS applicant,
            a.amount_requested, a.purpose, a.term_months, a.grace_months, a.proposed_rate, a.status,
            a.submitted_at, a.created_at, a.updated_at,
            (SELECT count(*) FROM financing_loanapplication) AS total
        FROM financing_loanapplication a JOIN mines_mine m ON m.id = a.mine_id
        JOIN accounts_user u ON u.id = a.applicant_id
        ORDER BY a.created_at DESC, a.id DESC LIMIT %(limit)s""",
        json=True,
    ),
    Floor(
        "loans",
        """SELECT l.id, l.status, l.approved_amount, l.rate, l.term_months, l.contracted_at,
            m.name AS mine, u.company_name AS operator, (SELECT count(*) FROM financing_loan) AS total
        FROM financing_loan l JOIN financing_loanapplication a ON a.id = l.application_id
        JOIN mines_mine m ON m.id = a.mine_id JOIN accounts_user u ON u.id = a.applicant_id
        ORDER BY l.contracted_at DESC, l.id DESC LIMIT %(limit)s""",
    ),
    Floor(
        "loan",
        """SELECT l.*, m.name AS mine,
            (SELECT json_agg(i ORDER BY i.number) FROM financing_instalment i
             JOIN financing_scheduleversion v ON v.id = i.version_id AND v.is_current
             WHERE i.loan_id = l.id) AS instalments,
            (SELECT json_agg(d ORDER BY d.disbursed_on) FROM financing_disbursement d
             WHERE d.loan_id = l.id) AS disbursements,
            (SELECT json_agg(r ORDER BY r.paid_on) FROM financing_repayment r WHERE r.loan_id = l.id)
                AS repayments
        FROM financing_loan l JOIN financing_loanapplication a ON a.id = l.application_id
        JOIN mines_mine m ON m.id = a.mine_id WHERE l.id = %(pk)s""",
    ),
    Floor(
        "api-repayments",
        """SELECT r.id, r.loan_id, r.amount, r.paid_on, r.reference, r.prepayment_mode, r.recorded_at,
            (SELECT count(*) FROM financing_repayment) AS total
        FROM financing_repayment r ORDER BY r.paid_on, r.id LIMIT %(limit)s""",
        json=True,
    ),
    Floor(
        "api-disbursements",
        """SELECT d.id, d.loan_id, d.amount, d.disbursed_on, d.bank_reference, d.destination_sheba,
            d.recorded_at, (SELECT count(*) FROM financing_disbursement) AS total
        FROM financing_disbursement d ORDER BY d.disbursed_on, d.id LIMIT %(limit)s""",
        json=True,
    ),
    Floor("portfolio", LOAN_POSITIONS + PORTFOLIO_SELECT),
    Floor("portfolio-on", LOAN_POSITIONS_ON + PORTFOLIO_SELECT),
    Floor(
        "dashboard",
        LOAN_POSITIONS
        + """
        SELECT 'stage' AS figure, revival_stage AS label, count(*) AS value FROM mines_mine GROUP BY 2
        UNION ALL SELECT 'verification', verification_status, count(*) FROM mines_mine GROUP BY 2
        UNION ALL SELECT 'jobs', 'now', sum(jobs_now) FROM mines_mine
        UNION ALL SELECT 'application', status, count(*) FROM financing_loanapplication GROUP BY 2
        UNION ALL SELECT 'requested', 'rials', sum(amount_requested) FROM financing_loanapplication
        UNION ALL SELECT 'disbursed', 'rials', sum(amount) FROM financing_disbursement
        UNION ALL SELECT 'repaid', 'rials', sum(amount) FROM financing_repayment
        UNION ALL SELECT 'loans', bucket, count(*) FROM bucketed GROUP BY 2
        UNION ALL SELECT 'overdue', bucket, sum(overdue) FROM bucketed GROUP BY 2
        UNION ALL SELECT 'outstanding', 'rials', sum(outstanding) FROM bucketed
        UNION ALL SELECT 'province', province_id, count(*) FROM mines_mine GROUP BY 2""",
    ),
]
BY_NAME = {floor.name: floor for floor in FLOORS}


def _params(request) -> dict:
    try:
        limit = min(max(int(request.GET.get("page_size", 25)), 1), 100)
        pk = int(request.GET.get("pk", 0))
        on = dt.date.fromisoformat(request.GET["on"]) if request.GET.get("on") else timezone.localdate()
    except ValueError:
        raise Http404 from None
    q = request.GET.get("q", "")
    return {"limit": limit, "pk": pk, "on": on, "province": request.GET.get("province", ""), "like": f"%{q}%"}


def floor_view(request, name: str):
    floor = BY_NAME.get(name)
    if floor is None:
        raise Http404
    with connection.cursor() as cursor:
        cursor.execute(floor.sql, _params(request))
        columns = [column.name for column in cursor.description]
        rows = cursor.fetchall()
    if floor.json:
        results = [dict(zip(columns, row, strict=True)) for row in rows]
        return JsonResponse({"count": rows[0][-1] if rows else 0, "results": results}, json_dumps_params={})
    head = "".join(f"<th>{escape(column)}</th>" for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_text(value))}</td>" for value in row) + "</tr>" for row in rows
    )
    return HttpResponse(
        f'<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{escape(name)}</title>'
        f"</head><body><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )


def _text(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


urlpatterns = [path("<slug:name>/", floor_view, name="bench_floor")]
