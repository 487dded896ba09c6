"""API viewsets of the mine registry: every queryset starts from ``for_user``; writes call the services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mines import services
from mines.api import serializers
from mines.filtersets import MineFilterSet, MineralFilterSet, ProductionReportFilterSet, ProvinceFilterSet
from mines.models import Mine, Mineral
from mines.selectors import mine_api_list, mine_history, production_report_list
from revival_portal.core.api_filters import FilterBackend
from revival_portal.core.models import Province


class MineViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Mines: operators register and edit their own while pending; reviewers verify, reject, move them."""

    serializer_class = serializers.MineSerializer
    filter_backends = [FilterBackend]
    filterset_class = MineFilterSet

    def get_queryset(self):
        return mine_api_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.mine_register(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        other_minerals = fields.pop("other_minerals", None)
        serializer.instance = services.mine_update(
            actor=self.request.user, mine=serializer.instance, other_minerals=other_minerals, **fields
        )

    def _answer(self, mine: Mine) -> Response:
        mine = self.get_queryset().get(pk=mine.pk)
        return Response(self.get_serializer(mine).data)

    def _act(self, serializer_class, service, **extra):
        mine = self.get_object()
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        mine = service(actor=self.request.user, mine=mine, **data.validated_data, **extra)
        return self._answer(mine)

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._act(serializers.MineVerifySerializer, services.mine_verify)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(serializers.MineRejectSerializer, services.mine_reject)

    @action(detail=True, methods=["post"], url_path="stage-change")
    def stage_change(self, request, pk=None):
        return self._act(serializers.MineStageChangeSerializer, services.mine_stage_change)

    @action(detail=True, methods=["post"])
    def figures(self, request, pk=None):
        return self._act(serializers.MineFiguresSerializer, services.mine_figures_update)

    @extend_schema(responses=serializers.MineEventSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        events = mine_history(mine=self.get_object())
        return Response(serializers.MineEventSerializer(events, many=True).data)


class MineralViewSet(viewsets.ReadOnlyModelViewSet):
    """The mineral reference list."""

    queryset = Mineral.objects.all()
    serializer_class = serializers.MineralSerializer
    filterset_class = MineralFilterSet
    pagination_class = None


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    """The 31 provinces (ISO 3166-2:IR)."""

    queryset = Province.objects.all()
    serializer_class = serializers.ProvinceSerializer
    filterset_class = ProvinceFilterSet
    pagination_class = None


class ProductionReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Production reports of the mines the person may see; filing one calls the service."""

    serializer_class = serializers.ProductionReportSerializer
    filter_backends = [FilterBackend]
    filterset_class = ProductionReportFilterSet

    def get_queryset(self):
        return production_report_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.production_report_file(
            actor=self.request.user, **serializer.validated_data
        )
