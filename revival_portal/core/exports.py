"""Every list can be taken away: one declaration per list, one view serving its CSV and XLSX.

An app declares its lists in ``<app>/exports.py`` with :func:`register` (the app's ``AppConfig.ready()``
imports that module). A :class:`ListExport` names how to get the rows the person may see
(``queryset_for_user``), the FilterSet the page uses, and its columns. Rows are read with ``.values()`` in
chunks and to-many columns are aggregated in SQL (:func:`joined`), so an export costs the same few queries
whatever its length. Cells are written in the request's language: Persian headers and Jalali dates in a
Persian export; text a spreadsheet would run as a formula gets a leading apostrophe
(:func:`spreadsheet_safe`).

A CSV is streamed. An XLSX is written row by row with XlsxWriter's constant-memory mode (the memory a
file of 100,000 rows needs is that of one row): up to ``EXPORT_XLSX_INLINE_MAX_ROWS`` rows in the request,
a longer list by Celery into an :class:`ExportJob`.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Aggregate, OuterRef, QuerySet, Subquery, Sum, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from xlsxwriter import Workbook

from revival_portal.core.calendar import format_jalali

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("csv", "xlsx")
CHUNK = 2000
# CSV rows sent together in one piece of the streamed response.
CSV_BATCH = 200
# A cell starting with one of these is read as a formula by spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Neutralise text a spreadsheet would run as a formula by prefixing an apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class JoinedText(Aggregate):
    """The group's values as text joined by ``delimiter``, in order: STRING_AGG on PostgreSQL and
    GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    output_field = TextField()

    def __init__(self, expression, delimiter: str = ";", **extra):
        super().__init__(Cast(expression, TextField()), Value(delimiter), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        value_sql, value_params = compiler.compile(self.source_expressions[0])
        delimiter_sql, delimiter_params = compiler.compile(self.source_expressions[1])
        if connection.vendor == "postgresql":
            sql = f"STRING_AGG({value_sql}, {delimiter_sql} ORDER BY {value_sql})"
            return sql, (*value_params, *delimiter_params, *value_params)
        return f"GROUP_CONCAT({value_sql}, {delimiter_sql})", (*value_params, *delimiter_params)


def joined(queryset: QuerySet, *, link: str, value: str, delimiter: str = ";") -> Subquery:
    """A column of the outer row: ``value`` of the rows of ``queryset`` whose ``link`` is the outer row,
    joined in one text (one subquery in the same SELECT, whatever the number of rows)."""
    rows = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(joined=JoinedText(value, delimiter))
        .values("joined")
    )
    return Subquery(rows, output_field=TextField())


@dataclass(frozen=True)
class Column:
    """One column: ``key`` names it, ``label`` is its (translated) header, ``source`` the ``.values()`` path
    or annotation it reads (``key`` when empty). ``kind`` decides how a cell is written:

    text, number, money (integer rials), date and datetime (Jalali in Persian), choice (the choice's label,
    ``choices`` being a ``TextChoices``), bool (yes/no), or a callable ``value(raw, record)``."""

    key: str
    label: Any
    source: str = ""
    kind: str = "text"
    choices: Any = None
    value: Callable[[Any, Mapping], Any] | None = None

    @property
    def path(self) -> str:
        return self.source or self.key


@functools.lru_cache(maxsize=8192)
def _jalali_day(value: dt.date) -> str:
    """``format_jalali`` of a day, remembered: a long list repeats the same days many times."""
    return format_jalali(value)


def _datetime_text(value: dt.datetime, jalali: bool) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if jalali:
        return f"{_jalali_day(value.date())} {value:%H:%M}"
    return value.strftime("%Y-%m-%d %H:%M")


def _plain(raw, jalali: bool):
    """Any value as a cell: numbers stay numbers, dates follow the language, text is made safe."""
    if raw is None:
        return ""
    if isinstance(raw, bool | int | float):
        return raw
    if isinstance(raw, Decimal):
        return int(raw) if raw == raw.to_integral_value() else raw
    if isinstance(raw, dt.datetime):
        return _datetime_text(raw, jalali)
    if isinstance(raw, dt.date):
        return _jalali_day(raw) if jalali else raw.isoformat()
    return spreadsheet_safe(str(raw))


def cell_writer(column: Column, *, jalali: bool) -> Callable[[Any, Mapping], Any]:
    """How ``column`` turns a record's value into a cell, decided once per export (a long list calls it
    for every row)."""
    kind = column.kind
    if column.value is not None:
        transform = column.value
        return lambda raw, record: _plain(transform(raw, record), jalali)
    if kind == "choice":
        labels = {value: str(label) for value, label in column.choices.choices}
        return lambda raw, record: "" if raw is None else labels.get(raw) or spreadsheet_safe(str(raw))
    if kind == "bool":
        yes, no = _("yes"), _("no")
        return lambda raw, record: "" if raw is None else (yes if raw else no)
    if kind == "date":
        if jalali:
            return lambda raw, record: "" if raw is None else _jalali_day(raw)
        return lambda raw, record: "" if raw is None else raw.isoformat()
    if kind == "datetime":
        return lambda raw, record: "" if raw is None else _datetime_text(raw, jalali)
    return lambda raw, record: _plain(raw, jalali)


def _asker(user, params):
    """What a FilterSet reads of a request (its person and query), also when Celery builds the file."""
    return SimpleNamespace(user=user, GET=params)


@dataclass
class ListExport:
    """How one list is taken away; see the module's docstring."""

    name: str
    title: Any
    queryset_for_user: Callable[[Any], QuerySet]
    columns: tuple[Column, ...]
    filterset: type | None = None
    # Extra columns computed in SQL, as ``{name: expression}`` or ``annotations(user)``.
    annotations: Mapping | Callable[[Any], Mapping] = field(default_factory=dict)
    # Who may take the list away at all (the page's own gate); anyone else gets 403.
    allowed: Callable[[Any], bool] = field(default=lambda user: user.is_authenticated)
    # Replaces the FilterSet step when the page filters and orders in its own way: ``filtered(asker, qs)``.
    filtered: Callable[[Any, QuerySet], QuerySet] | None = None
    # Replaces the ``.values()`` read when a row is computed in Python: ``records(qs, user)`` yields dicts.
    records: Callable[[QuerySet, Any], Iterable[Mapping]] | None = None
    ordering: tuple[str, ...] = ()
    chunk_size: int = CHUNK

    def check(self, user) -> None:
        if not self.allowed(user):
            raise PermissionDenied

    def queryset(self, user, params) -> QuerySet:
        """The rows ``user`` sees on the page for the query ``params`` (a FilterSet may raise Http404)."""
        self.check(user)
        queryset = self.queryset_for_user(user)
        asker = _asker(user, params)
        if self.filtered is not None:
            queryset = self.filtered(asker, queryset)
        elif self.filterset is not None:
            queryset = filtered_or_404(self.filterset(params or None, queryset=queryset, request=asker))
        if self.ordering:
            queryset = queryset.order_by(*self.ordering)
        return queryset

    def headers(self) -> list[str]:
        return [str(column.label) for column in self.columns]

    def read(self, queryset: QuerySet, user) -> Iterator[Mapping]:
        """The records in chunks: a dict per row with each column's source."""
        if self.records is not None:
            yield from self.records(queryset, user)
            return
        annotations = self.annotations(user) if callable(self.annotations) else self.annotations
        # Rows are dicts: related columns come from the SELECT's joins, never from prefetches.
        queryset = queryset.prefetch_related(None)
        if annotations:
            queryset = queryset.annotate(**annotations)
        paths = list(dict.fromkeys(column.path for column in self.columns))
        yield from queryset.values(*paths).iterator(chunk_size=self.chunk_size)

    def rows(self, queryset: QuerySet, user) -> Iterator[list]:
        """The cells of each row in the active language."""
        jalali = translation.get_language() == "fa"
        cells = [(column.path, cell_writer(column, jalali=jalali)) for column in self.columns]
        for record in self.read(queryset, user):
            yield [write(record.get(path), record) for path, write in cells]

    def filename(self, fmt: str) -> str:
        return f"{self.name}-{timezone.localdate().isoformat()}.{fmt}"


def filtered_or_404(filterset) -> QuerySet:
    """The FilterSet's rows; a filter value it refuses (another person's loan, say) answers 404, so an
    export never says more than "not found" about what the person may not see."""
    if filterset.is_bound and not filterset.is_valid():
        raise Http404
    return filterset.qs


EXPORTS: dict[str, ListExport] = {}


def register(export: ListExport) -> ListExport:
    """Add ``export`` to the registry the export view serves (one name, one list)."""
    if export.name in EXPORTS and EXPORTS[export.name] is not export:
        raise ValueError(f"two exports are named {export.name!r}")
    EXPORTS[export.name] = export
    return export


def csv_lines(
    headers: Iterable[str], rows: Iterable[list], *, language: str | None = None, safe: bool = False
) -> Iterator[str]:
    """A UTF-8 CSV (with BOM, so spreadsheet programs read Persian correctly): the header line at once, then
    the rows in batches (``safe``: the cells were already made safe, as a ``ListExport`` does)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    with translation.override(language or translation.get_language()):
        writer.writerow(list(headers))
        yield "\ufeff" + _take(buffer)
        for count, row in enumerate(rows, start=1):
            writer.writerow(row if safe else [spreadsheet_safe(value) for value in row])
            if count % CSV_BATCH == 0:
                yield _take(buffer)
        if buffer.tell():
            yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    """What was written to ``buffer`` since the last take, emptying it."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_response(
    *, filename: str, columns: Iterable[str], rows: Iterable[list], safe: bool = False
) -> StreamingHttpResponse:
    """Stream a CSV in the request's language as its rows are read."""
    lines = csv_lines(columns, rows, language=translation.get_language(), safe=safe)
    response = StreamingHttpResponse(lines, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return float(value)
    return spreadsheet_safe(value)


def write_xlsx(
    handle,
    *,
    title: str,
    columns: Iterable[str],
    rows: Iterable[list],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write an XLSX to ``handle`` (a seekable binary file) a row at a time; returns the rows written.

    Every text is written as text: a spreadsheet never reads a cell as a formula, a link or a number.
    """
    workbook = Workbook(
        handle,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet((str(title) or "Sheet")[:31])
    sheet.write_row(0, 0, list(columns))
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.write_row(count, 0, [_xlsx_value(value) for value in row])
        if progress is not None and count % CHUNK == 0:
            progress(count)
    workbook.close()
    return count


def xlsx_response(*, filename: str, title: str, columns: Iterable[str], rows: Iterable[list]) -> FileResponse:
    """Build a (short) XLSX in the request into a temporary file and send it."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    write_xlsx(handle, title=title, columns=columns, rows=rows)
    handle.seek(0)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response


def field_label(model, name: str):
    """A model field's (lazy, translated) verbose name: the header of the column that shows it."""
    return model._meta.get_field(name).verbose_name


def summed(queryset: QuerySet, *, link: str, value: str) -> Subquery:
    """A column of the outer row: the sum of ``value`` over the rows of ``queryset`` whose ``link`` is the
    outer row (0 when there are none), as one subquery in the same SELECT."""
    output = queryset.model._meta.get_field(value)
    rows = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(total=Sum(value))
    return Coalesce(Subquery(rows.values("total"), output_field=output), Value(0), output_field=output)
