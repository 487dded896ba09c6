"""The association lists as CSV and XLSX: associations, memberships, a representative's member mines with
their figures, review sessions, the investors' catalogue and the offers, each in its page's scope.

The catalogue carries only the public fields its page shows (never the operator or the licence), and the
member figures are those of ``figures.member_rows``, read for the representative's own members only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from associations import figures
from associations.choices import AssociationKind, MembershipStatus, OfferDirection, OfferStatus, SessionStatus
from associations.filtersets import (
    AssociationFilterSet,
    CatalogueFilterSet,
    MemberMineFilterSet,
    MembershipFilterSet,
    OfferFilterSet,
)
from associations.models import Association, Investor, Membership, Offer, ReviewSession
from associations.selectors import catalogue_mines, member_mines
from mines.choices import RevivalStage
from mines.models import Mine
from revival_portal.accounts.permissions import holds_role
from revival_portal.accounts.roles import Role
from revival_portal.core.exports import Column, ListExport, field_label, joined, register


def _nationwide_if_empty(province, record) -> str:
    return province or str(_("Nationwide"))


ASSOCIATION_EXPORT = register(
    ListExport(
        name="associations",
        title=_("Associations and unions"),
        queryset_for_user=lambda user: Association.objects.for_user(user),
        filterset=AssociationFilterSet,
        columns=(
            Column("id", _("id"), "pk", kind="number"),
            Column("name", field_label(Association, "name")),
            Column("kind", field_label(Association, "kind"), kind="choice", choices=AssociationKind),
            Column(
                "province",
                field_label(Association, "province"),
                "province__name_fa",
                value=_nationwide_if_empty,
            ),
            Column("registration_number", field_label(Association, "registration_number")),
        ),
    )
)

MEMBERSHIP_EXPORT = register(
    ListExport(
        name="memberships",
        title=_("Memberships"),
        queryset_for_user=lambda user: Membership.objects.for_user(user),
        filterset=MembershipFilterSet,
        columns=(
            Column("id", _("id"), "pk", kind="number"),
            Column("mine", field_label(Membership, "mine"), "mine__name"),
            Column("operator", field_label(Membership, "operator"), "operator__username"),
            Column("company", _("company name"), "operator__company_name"),
            Column("association", field_label(Membership, "association"), "association__name"),
            Column("status", field_label(Membership, "status"), kind="choice", choices=MembershipStatus),
            Column("requested_at", field_label(Membership, "requested_at"), kind="datetime"),
            Column("starts_on", field_label(Membership, "starts_on"), kind="date"),
            Column("ends_on", field_label(Membership, "ends_on"), kind="date"),
            Column("note", field_label(Membership, "note")),
        ),
    )
)

# The member figures' columns, in the order of ``MemberRow.cells()``.
MEMBER_FIGURE_KEYS = (
    "mine",
    "province",
    "primary_mineral",
    "revival_stage",
    "jobs_now",
    "tonnes_mined",
    "tonnes_sold",
    "open_applications",
    "loans",
    "outstanding",
    "overdue",
    "days_in_arrears",
    "waiting",
    "live_bookings",
)


def _member_records(queryset, user) -> Iterator[Mapping]:
    """The page's rows of figures (a constant number of queries for any number of members)."""
    for row in figures.member_rows(user, queryset):
        yield {"id": row.mine.pk, **dict(zip(MEMBER_FIGURE_KEYS, row.cells(), strict=True))}


MEMBER_EXPORT = register(
    ListExport(
        name="member-mines",
        title=_("Member mines"),
        queryset_for_user=lambda user: member_mines(user),
        filterset=MemberMineFilterSet,
        # The page's gate: representatives (and administrators, who see no members of their own).
        allowed=lambda user: holds_role(user, Role.ASSOCIATION_REPRESENTATIVE),
        records=_member_records,
        columns=(
            Column("id", _("mine id"), kind="number"),
            *(Column(key, label) for key, label in zip(MEMBER_FIGURE_KEYS, figures.COLUMNS, strict=True)),
        ),
    )
)

REVIEW_SESSION_EXPORT = register(
    ListExport(
        name="review-sessions",
        title=_("Review sessions"),
        queryset_for_user=lambda user: ReviewSession.objects.for_user(user),
        columns=(
            Column("id", _("id"), "pk", kind="number"),
            Column("title", field_label(ReviewSession, "title")),
            Column("meets_on", field_label(ReviewSession, "meets_on"), kind="date"),
            Column("status", field_label(ReviewSession, "status"), kind="choice", choices=SessionStatus),
            Column("opened_by", field_label(ReviewSession, "opened_by"), "opened_by__username"),
        ),
    )
)


def _catalogue_for(user):
    """The catalogue for a registered, active investor; anyone else is told "not found", like the page."""
    if not Investor.objects.filter(user=user, active=True).exists():
        raise Http404
    return catalogue_mines()


CATALOGUE_EXPORT = register(
    ListExport(
        name="catalogue",
        title=_("Catalogue of verified mines"),
        queryset_for_user=_catalogue_for,
        filterset=CatalogueFilterSet,
        annotations={
            "other_mineral_names": joined(
                Mine.other_minerals.through.objects.all(), link="mine_id", value="mineral__name_fa"
            ),
        },
        # Public fields only: the operator, licence and location stay out of the catalogue.
        columns=(
            Column("id", _("mine id"), "pk", kind="number"),
            Column("name", field_label(Mine, "name")),
            Column("province", field_label(Mine, "province"), "province__name_fa"),
            Column("primary_mineral", field_label(Mine, "primary_mineral"), "primary_mineral__name_fa"),
            Column("other_minerals", field_label(Mine, "other_minerals"), "other_mineral_names"),
            Column("annual_output_tonnes", field_label(Mine, "annual_output_tonnes"), kind="number"),
            Column("revival_stage", field_label(Mine, "revival_stage"), kind="choice", choices=RevivalStage),
        ),
    )
)

OFFER_EXPORT = register(
    ListExport(
        name="offers",
        title=_("Offers"),
        queryset_for_user=lambda user: Offer.objects.for_user(user),
        filterset=OfferFilterSet,
        columns=(
            Column("id", _("offer"), "pk", kind="number"),
            Column("direction", field_label(Offer, "direction"), kind="choice", choices=OfferDirection),
            Column("mine", field_label(Offer, "mine"), "mine__name"),
            Column("investor", field_label(Offer, "investor"), "investor__name"),
            Column("mineral", field_label(Offer, "mineral"), "mineral__name_fa"),
            Column("tonnes_per_year", field_label(Offer, "tonnes_per_year"), kind="number"),
            Column("starts_on", field_label(Offer, "starts_on"), kind="date"),
            Column("ends_on", field_label(Offer, "ends_on"), kind="date"),
            Column("status", field_label(Offer, "status"), kind="choice", choices=OfferStatus),
            Column("sent_at", field_label(Offer, "created_at"), "created_at", kind="datetime"),
        ),
    )
)
