"""Pages of the mine registry: the operator's (``operator``), the reviewer's (``review``), import/export."""

from mines.views.operator import (
    mine_detail,
    mine_edit,
    mine_figures,
    mine_list,
    mine_register,
    production_report_create,
)
from mines.views.review import mine_reject, mine_stage_change, mine_verify, review_queue
from mines.views.transfer import mine_import

__all__ = [
    "mine_detail",
    "mine_edit",
    "mine_figures",
    "mine_import",
    "mine_list",
    "mine_register",
    "mine_reject",
    "mine_stage_change",
    "mine_verify",
    "production_report_create",
    "review_queue",
]
