"""API viewsets: querysets start from ``for_user``; every change goes through a service."""

from django.http import FileResponse
from django.utils import timezone
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from financing import services
from financing.api import serializers as s
from financing.filtersets import (
    DisbursementFilterSet,
    DocumentFilterSet,
    GuaranteeFilterSet,
    LoanApplicationFilterSet,
    LoanFilterSet,
    RatePolicyFilterSet,
    RepaymentFilterSet,
)
from financing.models import Disbursement, Document, Guarantee, Loan, LoanApplication, RatePolicy, Repayment
from financing.selectors import payoff_quote
from financing.services.common import authorize
from financing.statement import statement_rows
from financing.views.documents import document_response


def _input(serializer_class, request, **context):
    serializer = serializer_class(data=request.data, context=context)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class LoanApplicationViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Loan applications and their workflow actions (a refused move answers 409)."""

    serializer_class = s.LoanApplicationSerializer
    filterset_class = LoanApplicationFilterSet
    ordering_fields = ["created_at", "amount_requested", "submitted_at"]

    def get_queryset(self):
        # A row shows its mine by id and its applicant by name; the serializer reads the events.
        return LoanApplication.objects.for_user(self.request.user).select_related("applicant")

    def perform_create(self, serializer):
        serializer.instance = services.loan_application_create(
            applicant=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.loan_application_update(
            application=serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def _answer(self, application):
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._answer(
            services.loan_application_submit(application=self.get_object(), actor=request.user)
        )

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        note = _input(s.NoteSerializer, request)["note"]
        application = services.loan_application_withdraw(
            application=self.get_object(), actor=request.user, note=note
        )
        return self._answer(application)

    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        application = services.loan_application_start_review(
            application=self.get_object(), actor=request.user
        )
        return self._answer(application)

    @action(detail=True, methods=["post"], url_path="request-info")
    def request_info(self, request, pk=None):
        note = _input(s.RequiredNoteSerializer, request)["note"]
        application = services.loan_application_request_info(
            application=self.get_object(), actor=request.user, note=note
        )
        return self._answer(application)

    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        note = _input(s.RequiredNoteSerializer, request)["note"]
        application = services.loan_application_resubmit(
            application=self.get_object(), actor=request.user, note=note
        )
        return self._answer(application)

    @action(detail=True, methods=["post"])
    def recommend(self, request, pk=None):
        data = _input(s.RecommendSerializer, request)
        review = services.loan_application_recommend(
            application=self.get_object(), actor=request.user, **data
        )
        return Response(s.ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = _input(s.DecideSerializer, request)
        decision = services.loan_application_decide(application=self.get_object(), actor=request.user, **data)
        return Response(s.DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="return-for-decision")
    def return_for_decision(self, request, pk=None):
        note = _input(s.RequiredNoteSerializer, request)["note"]
        application = services.loan_application_return_for_decision(
            application=self.get_object(), actor=request.user, note=note
        )
        return self._answer(application)

    @action(detail=True, methods=["post"])
    def contract(self, request, pk=None):
        application = self.get_object()
        # Who may contract, before the terms are compared with the decision (403/409, not a 400).
        authorize("contract", application, request.user)
        data = _input(s.ContractSerializer, request, application=application)
        loan = services.loan_contract(application=application, actor=request.user, **data)
        return Response(s.LoanSerializer(loan).data, status=status.HTTP_201_CREATED)


class GuaranteeViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.GuaranteeSerializer
    filterset_class = GuaranteeFilterSet

    def get_queryset(self):
        return Guarantee.objects.for_user(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        application = data.pop("application")
        serializer.instance = services.guarantee_create(
            application=application, actor=self.request.user, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("application", None)
        serializer.instance = services.guarantee_update(
            guarantee=serializer.instance, actor=self.request.user, **data
        )

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        guarantee = services.guarantee_verify(guarantee=self.get_object(), actor=request.user)
        return Response(self.get_serializer(guarantee).data)


class DocumentViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Upload (multipart) and permission-checked download of application documents."""

    serializer_class = s.DocumentSerializer
    filterset_class = DocumentFilterSet
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return Document.objects.for_user(self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.document_upload(
            application=data["application"],
            actor=self.request.user,
            document_type=data["document_type"],
            uploaded=data["file"],
        )

    @action(detail=True, methods=["get"])
    def download(self, request, pk=None) -> FileResponse:
        return document_response(self.get_object())


class LoanViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Loans with their schedule and versions; servicing actions go through the services."""

    serializer_class = s.LoanSerializer
    filterset_class = LoanFilterSet

    def get_queryset(self):
        # The serializer reads the schedules and their versions (LoanSerializer.load_rows).
        return Loan.objects.for_user(self.request.user)

    @action(detail=True, methods=["post"])
    def disburse(self, request, pk=None):
        loan = self.get_object()
        data = _input(s.DisbursementSerializer, request, loan=loan)
        disbursement = services.disbursement_record(loan=loan, actor=request.user, **data)
        return Response(s.DisbursementSerializer(disbursement).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def repay(self, request, pk=None):
        loan = self.get_object()
        data = _input(s.RepaymentSerializer, request, loan=loan)
        repayment = services.repayment_record(loan=loan, actor=request.user, **data)
        return Response(s.RepaymentSerializer(repayment).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="cancel-remainder")
    def cancel_remainder(self, request, pk=None):
        loan = self.get_object()
        data = _input(s.RemainderCancellationSerializer, request, loan=loan)
        cancellation = services.remainder_cancel(loan=loan, actor=request.user, **data)
        return Response(s.RemainderCancellationSerializer(cancellation).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="waive-penalty")
    def waive_penalty(self, request, pk=None):
        loan = self.get_object()
        data = _input(s.PenaltyWaiverSerializer, request, loan=loan)
        waiver = services.penalty_waive(loan=loan, actor=request.user, **data)
        return Response(s.PenaltyWaiverSerializer(waiver).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], url_path="payoff-quote")
    def payoff_quote(self, request, pk=None):
        """What pays the loan off on ``?on=YYYY-MM-DD`` (today by default)."""
        loan = self.get_object()
        query = s.PayoffDateSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("on") or timezone.localdate()
        return Response(s.PayoffQuoteSerializer(payoff_quote(loan, on)).data)

    @action(detail=True, methods=["get"])
    def statement(self, request, pk=None):
        """Every movement with the running outstanding principal."""
        return Response(s.StatementLineSerializer(statement_rows(self.get_object()), many=True).data)


class DisbursementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DisbursementSerializer
    filterset_class = DisbursementFilterSet

    def get_queryset(self):
        return Disbursement.objects.for_user(self.request.user)


class RepaymentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.RepaymentSerializer
    filterset_class = RepaymentFilterSet

    def get_queryset(self):
        return Repayment.objects.for_user(self.request.user)


class IsAdminOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.has_perm("financing.add_ratepolicy")


class RatePolicyViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Rate policies: everyone signed in reads them, administrators add them."""

    serializer_class = s.RatePolicySerializer
    filterset_class = RatePolicyFilterSet
    permission_classes = [permissions.IsAuthenticated, IsAdminOrReadOnly]

    def get_queryset(self):
        return RatePolicy.objects.for_user(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.rate_policy_create(
            actor=self.request.user, **serializer.validated_data
        )
