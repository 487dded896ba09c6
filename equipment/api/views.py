"""Viewsets under /api/v1/: every queryset starts from for_user(); every change calls a service."""

from django.db import transaction
from django.db.models import Count, ProtectedError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from equipment import services
from equipment.api import serializers as s
from equipment.filtersets import (
    BidFilterSet,
    BookingFilterSet,
    ProcessingUnitFilterSet,
    TenderFilterSet,
    UnitRequestFilterSet,
    UnitTypeFilterSet,
)
from equipment.models import Bid, Booking, ProcessingUnit, Tender, UnitRequest, UnitType
from revival_portal.exceptions import TransitionNotAllowed


class ReadOrModelPermission(permissions.DjangoModelPermissions):
    """Reading needs only a sign-in (scoping does the rest); writing needs the model permission."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)


class ProtectedDeleteMixin:
    """Deleting a row that others still point at (a unit with bookings, a type with units) is a 409."""

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError as error:
            message = _("%(object)s is still in use and cannot be deleted; retire it instead.")
            raise TransitionNotAllowed(message % {"object": instance}) from error


class UnitTypeViewSet(ProtectedDeleteMixin, viewsets.ModelViewSet):
    serializer_class = s.UnitTypeSerializer
    filterset_class = UnitTypeFilterSet
    permission_classes = [ReadOrModelPermission]
    ordering_fields = ["name_en", "capacity_tph"]

    def get_queryset(self):
        return UnitType.objects.for_user(self.request.user).prefetch_related("minerals")


class ProcessingUnitViewSet(ProtectedDeleteMixin, viewsets.ModelViewSet):
    serializer_class = s.ProcessingUnitSerializer
    filterset_class = ProcessingUnitFilterSet
    permission_classes = [ReadOrModelPermission]
    ordering_fields = ["code", "status"]

    def get_queryset(self):
        return ProcessingUnit.objects.for_user(self.request.user)


class UnitRequestViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Operators file and follow their requests; reviewers see the queue."""

    serializer_class = s.UnitRequestSerializer
    filterset_class = UnitRequestFilterSet
    ordering_fields = ["created_at", "desired_start"]

    def get_queryset(self):
        return (
            UnitRequest.objects.for_user(self.request.user)
            .select_related("mineral")
            .prefetch_related("bookings")
        )

    def perform_create(self, serializer):
        serializer.instance = services.unit_request_submit(
            actor=self.request.user, **serializer.validated_data
        )

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = _valid(s.ReasonSerializer, request)
        unit_request = services.unit_request_cancel(
            actor=request.user, unit_request=self.get_object(), reason=data["reason"]
        )
        return Response(self.get_serializer(unit_request).data)


class BookingViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Reviewers book units (409 when the dates overlap another booking), deploy, complete and cancel."""

    serializer_class = s.BookingSerializer
    filterset_class = BookingFilterSet
    permission_classes = [ReadOrModelPermission]
    ordering_fields = ["start_date", "end_date", "booked_at"]

    def get_queryset(self):
        return Booking.objects.for_user(self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        unit = get_object_or_404(ProcessingUnit.objects.for_user(self.request.user), pk=data["unit"].pk)
        serializer.instance = services.booking_schedule(
            actor=self.request.user,
            request=data["request"],
            unit=unit,
            start_date=data["start_date"],
            end_date=data["end_date"],
        )

    @action(detail=True, methods=["post"])
    def deploy(self, request, pk=None):
        booking = services.booking_deploy(actor=request.user, booking=self.get_object())
        return Response(self.get_serializer(booking).data)

    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        data = _valid(s.BookingCompleteSerializer, request)
        booking = services.booking_complete(actor=request.user, booking=self.get_object(), **data)
        return Response(self.get_serializer(booking).data)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = _valid(s.ReasonSerializer, request)
        booking = services.booking_cancel(
            actor=request.user, booking=self.get_object(), reason=data["reason"]
        )
        return Response(self.get_serializer(booking).data)


class TenderViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Reviewers draft, publish and award; everyone signed in reads published tenders."""

    serializer_class = s.TenderSerializer
    filterset_class = TenderFilterSet
    ordering_fields = ["closes_at", "title"]

    def get_queryset(self):
        return (
            Tender.objects.for_user(self.request.user)
            .select_related("award__bid__partner")
            .annotate(bid_count=Count("bids"))
            .order_by(*Tender._meta.ordering)  # an aggregate drops Meta.ordering
        )

    def perform_create(self, serializer):
        serializer.instance = services.tender_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.tender_update(
            actor=self.request.user, tender=serializer.instance, **serializer.validated_data
        )

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        tender = services.tender_publish(actor=request.user, tender=self.get_object())
        return Response(self.get_serializer(tender).data)

    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        tender = self.get_object()
        data = _valid(s.TenderAwardSerializer, request)
        bid = get_object_or_404(Bid.objects.for_user(request.user), pk=data["bid"])
        services.tender_award(actor=request.user, tender=tender, bid=bid, justification=data["justification"])
        tender.refresh_from_db()
        return Response(self.get_serializer(tender).data)


class BidViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Partners submit (or replace) their one bid per tender; amounts are sealed until closing."""

    serializer_class = s.BidSerializer
    filterset_class = BidFilterSet
    # Never by price: the order of sealed amounts would leak them.
    ordering_fields = ["submitted_at"]

    def get_queryset(self):
        return Bid.objects.for_user(self.request.user).select_related("tender")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        tender = get_object_or_404(Tender.objects.for_user(request.user), pk=data.pop("tender").pk)
        bid, created = services.bid_submit(actor=request.user, tender=tender, **data)
        return Response(
            self.get_serializer(bid).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        data = _valid(s.BidScoreSerializer, request)
        bid = services.bid_score(actor=request.user, bid=self.get_object(), score=data["score"])
        return Response(self.get_serializer(bid).data)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
