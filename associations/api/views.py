"""API viewsets: querysets start from the person's scope; every change goes through a service."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from associations import figures, services
from associations.api import serializers as s
from associations.choices import OfferDirection
from associations.filtersets import (
    AssociationFilterSet,
    CatalogueFilterSet,
    EndorsementFilterSet,
    MemberMineFilterSet,
    MembershipFilterSet,
    OfferFilterSet,
    ReviewSessionFilterSet,
)
from associations.minutes import minutes_of, minutes_rows
from associations.models import Association, Endorsement, Investor, Membership, Offer, ReviewSession
from associations.selectors import catalogue_mines, member_applications, member_mines, member_unit_requests
from equipment.api.serializers import UnitRequestSerializer


def _input(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class AssociationViewSet(viewsets.ReadOnlyModelViewSet):
    """Associations and unions; an operator asks to join one with ``join``."""

    serializer_class = s.AssociationSerializer
    filterset_class = AssociationFilterSet

    def get_queryset(self):
        return Association.objects.for_user(self.request.user).select_related("province")

    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        data = _input(s.JoinSerializer, request, user=request.user)
        created = services.membership_request(actor=request.user, association=self.get_object(), **data)
        return Response(s.MembershipSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.MembershipSerializer
    filterset_class = MembershipFilterSet

    def get_queryset(self):
        return Membership.objects.for_user(self.request.user)

    def _move(self, service, request):
        note = _input(s.NoteSerializer, request)["note"]
        return Response(
            self.get_serializer(service(membership=self.get_object(), actor=request.user, note=note)).data
        )

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._move(services.membership_accept, request)

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._move(services.membership_decline, request)

    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._move(services.membership_end, request)


class EndorsementViewSet(viewsets.ReadOnlyModelViewSet):
    """Endorsements: reviewers filter them by ``application`` or ``unit_request``."""

    serializer_class = s.EndorsementSerializer
    filterset_class = EndorsementFilterSet

    def get_queryset(self):
        return Endorsement.objects.for_user(self.request.user)


class _Endorsable(viewsets.ReadOnlyModelViewSet):
    target_name = ""

    @action(detail=True, methods=["post"])
    def endorse(self, request, pk=None):
        data = _input(s.EndorseSerializer, request, user=request.user)
        endorsement = services.endorsement_record(
            actor=request.user, **{self.target_name: self.get_object()}, **data
        )
        return Response(s.EndorsementSerializer(endorsement).data, status=status.HTTP_201_CREATED)


class MemberApplicationViewSet(_Endorsable):
    """A representative's member applications (a non-member's id answers 404)."""

    serializer_class = s.MemberApplicationSerializer
    target_name = "application"

    def get_queryset(self):
        return member_applications(self.request.user)


class MemberUnitRequestViewSet(_Endorsable):
    """A representative's member unit requests (a non-member's id answers 404)."""

    serializer_class = UnitRequestSerializer
    target_name = "unit_request"

    def get_queryset(self):
        return member_unit_requests(self.request.user)


class MemberMineViewSet(viewsets.ReadOnlyModelViewSet):
    """A representative's member mines with their figures (a non-member's id answers 404)."""

    serializer_class = s.MemberMineSerializer
    filterset_class = MemberMineFilterSet

    def get_queryset(self):
        return member_mines(self.request.user).select_related("province", "primary_mineral")

    @action(detail=True, methods=["get"])
    def figures(self, request, pk=None):
        mine = self.get_object()
        row = figures.member_rows(request.user, self.get_queryset().filter(pk=mine.pk))[0]
        return Response(
            dict(zip([str(c) for c in figures.COLUMNS], [str(v) for v in row.cells()], strict=True))
        )


class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    """Verified mines for registered investors, public fields only."""

    serializer_class = s.CatalogueMineSerializer
    filterset_class = CatalogueFilterSet

    def get_queryset(self):
        user = self.request.user
        if not (user.is_authenticated and Investor.objects.filter(user=user, active=True).exists()):
            return catalogue_mines().none()
        return catalogue_mines()


class InvestorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.InvestorSerializer

    def get_queryset(self):
        return Investor.objects.for_user(self.request.user)


class OfferViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Offers made to or by the person; ``direction`` purchase (investor) or sales (operator)."""

    serializer_class = s.OfferSerializer
    filterset_class = OfferFilterSet

    def get_queryset(self):
        return Offer.objects.for_user(self.request.user).select_related("investor", "mine")

    def get_serializer_class(self):
        return s.OfferCreateSerializer if self.action == "create" else s.OfferSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        direction = data.pop("direction")
        if direction == OfferDirection.PURCHASE:
            data.pop("application", None)
            data.pop("investor", None)
            mine = data.pop("mine", None)
            if mine is None or not catalogue_mines().filter(pk=mine.pk).exists():
                raise NotFound
            serializer.instance = services.offer_make_purchase(actor=self.request.user, mine=mine, **data)
        else:
            data.pop("mine", None)
            if "investor" not in data or "application" not in data:
                raise ValidationError(
                    {
                        "investor": _("Choose a registered investor."),
                        "application": _("Choose the loan application."),
                    }
                )
            serializer.instance = services.offer_make_sales(actor=self.request.user, **data)

    def _answer(self, offer):
        return Response(s.OfferSerializer(offer, context={"request": self.request}).data)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        data = _input(s.AcceptSerializer, request, user=request.user)
        return self._answer(services.offer_accept(offer=self.get_object(), actor=request.user, **data))

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        note = _input(s.NoteSerializer, request)["note"]
        return self._answer(services.offer_decline(offer=self.get_object(), actor=request.user, note=note))

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        note = _input(s.NoteSerializer, request)["note"]
        return self._answer(services.offer_withdraw(offer=self.get_object(), actor=request.user, note=note))


class ReviewSessionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Review sessions: open one (reviewers), record opinions (invited people), read the minutes."""

    serializer_class = s.ReviewSessionSerializer
    filterset_class = ReviewSessionFilterSet

    def get_queryset(self):
        return ReviewSession.objects.for_user(self.request.user).prefetch_related(
            "agenda__opinions", "invitations"
        )

    def perform_create(self, serializer):
        serializer.instance = services.review_session_open(
            actor=self.request.user, **serializer.validated_data
        )

    @action(detail=True, methods=["post"])
    def opinions(self, request, pk=None):
        session = self.get_object()
        data = _input(s.OpinionInputSerializer, request, session=session)
        opinion = services.opinion_record(actor=request.user, **data)
        return Response(s.OpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return Response(
            self.get_serializer(
                services.review_session_close(session=self.get_object(), actor=request.user)
            ).data
        )

    @action(detail=True, methods=["get"])
    def minutes(self, request, pk=None):
        columns, rows = minutes_rows(minutes_of(self.get_object(), request.user))
        return Response([dict(zip([str(c) for c in columns], row, strict=True)) for row in rows])
