"""API of the programme reports: reports (request, progress, files), the dashboard's figures, the public ones.

Reports and figures are for programme staff, scoped like the report pages; the transparency aggregates are
open to anyone (throttled per address like every anonymous call) and cached briefly.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import APIView

from revival_portal.reports.api import serializers as s
from revival_portal.reports.downloads import DOWNLOADS, report_file_response
from revival_portal.reports.figures import cached_programme_figures
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.periods import Period
from revival_portal.reports.services import programme_report_request
from revival_portal.reports.transparency import cached_public_figures


class IsProgrammeStaff(permissions.BasePermission):
    """Reviewers, fund officers and administrators: the people the report pages are for."""

    message = _("Only programme staff may see programme reports and figures.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_programme_staff)


class ReportNotBuilt(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The report is not built yet: download it once its status is done.")
    default_code = "not_built"


DETAIL = inline_serializer("ReportsDetail", fields={"detail": serializers.CharField()})
FIELD_ERRORS = OpenApiResponse(OpenApiTypes.OBJECT, description=_("Field errors."))
PERIOD_PARAMETER = OpenApiParameter(
    "period",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description=format_lazy("{} {}", s.PERIOD_HELP, _("The current month when left out.")),
)


def _query_period(request) -> Period:
    """The ``?period=`` asked for (400 with a field error when it is not one), else the current month."""
    query = s.PeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data["period"]


def _period_header(period: Period) -> dict:
    """What every figures answer starts with: the period, its label and days, and the day taken on."""
    start, end = period.bounds
    return {
        "period": str(period),
        "label": period.label,
        "start": start,
        "end": end,
        "on": period.as_of(),
    }


class ProgrammeReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Programme reports: staff list them, request a period, follow its progress and download its files."""

    serializer_class = s.ProgrammeReportSerializer
    permission_classes = [permissions.IsAuthenticated, IsProgrammeStaff]
    filter_backends = []

    def get_queryset(self):
        return ProgrammeReport.objects.for_user(self.request.user).select_related("requested_by")

    @extend_schema(
        request=s.ReportRequestSerializer,
        responses={202: s.ProgrammeReportSerializer, 400: FIELD_ERRORS},
        description=_(
            "Queue the report of a period (a build of that period under way is answered instead); "
            "follow its status and progress on the report."
        ),
    )
    def create(self, request):
        asked = s.ReportRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        fields = dict(asked.validated_data)
        by_period = fields.pop("period") is not None
        try:
            report = programme_report_request(actor=request.user, **fields)
        except DjangoValidationError as error:
            errors = as_serializer_error(error)
            if by_period:
                # Asked as "period": the errors of its kind, year and month are the period's.
                errors = {"period": [message for messages in errors.values() for message in messages]}
            raise exceptions.ValidationError(errors) from error
        location = request.build_absolute_uri(reverse("programme-report-detail", args=[report.pk]))
        answer = self.get_serializer(report)
        return Response(answer.data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})

    @extend_schema(
        parameters=[
            OpenApiParameter("file_format", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(DOWNLOADS))
        ],
        responses={
            **{
                (200, content_type.split(";")[0]): OpenApiResponse(OpenApiTypes.BINARY)
                for _field, content_type in DOWNLOADS.values()
            },
            404: OpenApiResponse(DETAIL, description=_("No such report, or its file is missing.")),
            409: OpenApiResponse(DETAIL, description=_("The report is not built yet.")),
        },
        description=_("A finished report's file as an attachment."),
    )
    @action(detail=True, methods=["get"], url_path=f"download/(?P<file_format>{'|'.join(DOWNLOADS)})")
    def download(self, request, pk=None, file_format: str = ""):
        report = self.get_object()
        if not report.is_done:
            raise ReportNotBuilt()
        return report_file_response(report, file_format)


class ProgrammeFiguresView(APIView):
    """The programme dashboard's figures of a period, as JSON."""

    permission_classes = [permissions.IsAuthenticated, IsProgrammeStaff]

    @extend_schema(
        parameters=[PERIOD_PARAMETER],
        responses={200: s.ProgrammeFiguresSerializer, 400: FIELD_ERRORS},
    )
    def get(self, request):
        period = _query_period(request)
        figures = cached_programme_figures(period)
        header = _period_header(period)
        return Response(s.ProgrammeFiguresSerializer({**figures, **header}).data)


class TransparencyView(APIView):
    """The public programme aggregates of a period: no sign-in, no person's, company's or mine's name."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[PERIOD_PARAMETER],
        responses={200: s.PublicFiguresSerializer, 400: FIELD_ERRORS},
    )
    def get(self, request):
        period = _query_period(request)
        figures = cached_public_figures(period)
        return Response(s.PublicFiguresSerializer({**figures, **_period_header(period)}).data)
