"""The DENUE import: rows in batches, each batch one transaction with its search documents and its
checkpoint, so an interrupted run resumes after the last committed line and nothing is half-written.

Organisations are keyed on the DENUE id (and matched by clee when an organisation declared its clee
but has no id yet). Only DENUE-managed fields are written, and only on organisations that DENUE
manages (source "denue", not verified by their owner); a row whose values did not change is not
written at all, so re-running a file changes nothing. Writes use raw `executemany` through Django's
connection (about 8x faster than bulk_create on SQLite) with SQL that PostgreSQL runs unchanged.
"""

import gc
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from td2035.denue.files import DecodedLines, Layout, detect_layout, read_rows
from td2035.denue.models import ImportRun
from td2035.denue.records import DenueRecord, Reference, RowParser
from td2035.denue.values import denue_slug, fold
from td2035.directory import documents
from td2035.directory.models import Organization, OrganizationKind, SizeSource, Source
from td2035.reference.models import Municipality, ScianCode, ScianLevel
from td2035.reference.queries import sector_of
from td2035.search import services as search
from td2035.search.documents import OrganizationDocument

MAX_STORED_ISSUES = 1000
PROGRESS_EVERY = 2000  # rows
IN_CHUNK = 900

# The fields DENUE owns on an organisation, in the order records and rows are compared.
MANAGED = (
    "name",
    "legal_name",
    "scian_id",
    "size",
    "size_source",
    "denue_stratum",
    "municipality_id",
    "address",
    "postal_code",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "denue_clee",
)

Progress = Callable[[int, int], None]  # (bytes read, rows read)

COMPANY = OrganizationKind.COMPANY.value
DENUE = Source.DENUE.value
STRATUM = SizeSource.DENUE_STRATUM.value


@dataclass
class Issue:
    line: int
    level: str  # "error": the row was not imported; "warning": imported without some field
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "level": self.level, "message": self.message}


@dataclass
class ImportReport:
    file_name: str
    encoding: str = ""
    layout: str = ""
    state: str = ""
    dry_run: bool = False
    rows: int = 0  # data rows read, every state
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # matched an organisation that manages its own profile; left as it is
    other_state: int = 0
    errors: int = 0
    warnings: int = 0
    issues: list[Issue] = field(default_factory=list)
    resumed_from: int = 0  # the line a resumed run continued after
    run_id: int | None = None
    seconds: float = 0.0

    def add_issue(self, issue: Issue) -> None:
        if issue.level == "error":
            self.errors += 1
        else:
            self.warnings += 1
        if len(self.issues) < MAX_STORED_ISSUES:
            self.issues.append(issue)


def file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def load_reference() -> Reference:
    clases = dict(ScianCode.objects.filter(level=ScianLevel.CLASE).values_list("code", "title_es"))
    municipalities: dict[str, dict[str, str]] = {}
    for cve_ent, cve_mun, name in Municipality.objects.values_list("cve_ent", "cve_mun", "name"):
        municipalities.setdefault(cve_ent, {})[cve_mun] = fold(name)
    return Reference(clases=clases, municipalities=municipalities)


def import_denue(
    path: Path | str,
    *,
    state: str | None = "22",
    dry_run: bool = False,
    batch_size: int = 5000,
    restart: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one DENUE CSV. Raises DenueFormatError (nothing written) when the file is not DENUE.

    A run over a file whose earlier run was interrupted continues after its last committed line,
    unless `restart`. `state` keeps only that entity's rows ("22", Querétaro); None keeps all.
    """
    path = Path(path)
    started = time.perf_counter()
    state = f"{int(state):02d}" if state and state.isdigit() else (state or None)
    report = ImportReport(file_name=path.name, state=state or "", dry_run=dry_run)
    digest = file_sha256(path)
    with _cyclic_gc_paused(), open(path, "rb") as handle:
        lines = DecodedLines(handle)
        header, rows = read_rows(lines)
        layout = detect_layout(header)
        report.layout = layout.describe()
        for column in layout.missing_optional:
            report.add_issue(
                Issue(1, "warning", _("falta la columna %(c)s / missing column") % {"c": column})
            )
        run = None if dry_run else _start_run(path, digest, state, layout, report, restart)
        importer = _BatchImporter(report, run, dry_run, load_reference())
        parser = RowParser(layout, importer.reference, state)
        _read(rows, lines, parser, importer, report, batch_size, progress)
        report.encoding = lines.encoding
    if run is not None:
        _finish_run(run, report)
    report.seconds = time.perf_counter() - started
    return report


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """A bulk load allocates millions of short-lived objects without cycles: reference counting frees
    them, and the cyclic collector's passes only cost time (about 14% of the import, measured)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(
    rows: Iterable[tuple[int, list[str], str]],
    lines: DecodedLines,
    parser: RowParser,
    importer: "_BatchImporter",
    report: ImportReport,
    batch_size: int,
    progress: Progress | None,
) -> None:
    resume_after = report.resumed_from
    seen: set[str] = set()
    batch: list[DenueRecord] = []
    pending: list[Issue] = []
    last_line = resume_after
    for line, cells, csv_error in rows:
        if line <= resume_after:
            continue
        last_line = line
        report.rows += 1
        if csv_error or lines.last_line_open_quote:
            message = csv_error or _("la última fila está cortada (¿archivo truncado?) / truncated row")
            pending.append(Issue(line, "error", message))
        else:
            result = parser.parse(cells, line)
            if result.other_state:
                report.other_state += 1
            elif result.record is None:
                pending.append(Issue(line, "error", result.error))
            elif result.record.denue_id in seen:
                pending.append(
                    Issue(line, "error", _("id DENUE repetido en el archivo / duplicate DENUE id"))
                )
            else:
                seen.add(result.record.denue_id)
                batch.append(result.record)
                pending.extend(Issue(line, "warning", w) for w in result.warnings)
        if len(batch) >= batch_size:
            importer.flush(batch, pending, last_line)
            batch, pending = [], []
        if progress and report.rows % PROGRESS_EVERY == 0:
            progress(lines.bytes_read, report.rows)
    importer.flush(batch, pending, last_line)
    if progress:
        progress(lines.bytes_read, report.rows)


def _start_run(
    path: Path, digest: str, state: str | None, layout: Layout, report: ImportReport, restart: bool
) -> ImportRun:
    unfinished = ImportRun.objects.filter(
        file_sha256=digest, state=state or "", status=ImportRun.Status.RUNNING
    ).first()
    if unfinished and restart:
        ImportRun.objects.filter(pk=unfinished.pk).update(status=ImportRun.Status.ABANDONED)
        unfinished = None
    if unfinished:
        report.resumed_from = unfinished.last_line
        for name in ("rows", "created", "updated", "unchanged", "kept", "other_state", "errors", "warnings"):
            setattr(report, name, getattr(unfinished, name))
        report.issues = [Issue(**i) for i in unfinished.issues]
        report.run_id = unfinished.pk
        return unfinished
    run = ImportRun.objects.create(
        file_name=path.name[:255], file_sha256=digest, state=state or "", layout=layout.describe()
    )
    report.run_id = run.pk
    return run


def _finish_run(run: ImportRun, report: ImportReport) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.COMPLETED, finished_at=timezone.now(), encoding=report.encoding
    )


# --- Writing ---------------------------------------------------------------------------------


@dataclass
class _Existing:
    pk: int
    owned: bool  # the organisation manages its profile: DENUE does not overwrite it
    values: tuple[Any, ...]


class _BatchImporter:
    def __init__(self, report: ImportReport, run: ImportRun | None, dry_run: bool, reference: Reference):
        self.report = report
        self.run = run
        self.dry_run = dry_run
        self.reference = reference
        self.table = connection.ops.quote_name(Organization._meta.db_table)
        self.columns, self.defaults, self.constants = _insert_columns()
        self._sectors: dict[str, str] = {}
        if connection.vendor == "sqlite":
            # Eleven indexes on the organisation table: keep their pages in memory (64 MB).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -65536")
        # With no DENUE organisation yet (a first import), batches need not look for existing ones.
        self.check_existing = report.resumed_from > 0 or (
            Organization.objects.filter(Q(denue_id__isnull=False) | ~Q(denue_clee="")).exists()
        )

    def flush(self, batch: list[DenueRecord], issues: list[Issue], last_line: int) -> None:
        if self.dry_run:
            new, changed, unchanged, owned = self._classify(batch)
            self._count(len(new), len(changed), unchanged, owned, issues)
            return
        with transaction.atomic():
            new, changed, unchanged, owned = self._classify(batch)
            now = timezone.now()
            created = self._insert(new, now, issues)
            self._update(changed, now)
            docs = self._documents(created, now) + documents.for_ids(pk for pk, _record in changed)
            if docs:
                search.index_organizations(docs)
            self._count(len(created), len(changed), unchanged, owned, issues)
            self._checkpoint(last_line)

    def _count(self, created: int, updated: int, unchanged: int, owned: int, issues: list[Issue]) -> None:
        report = self.report
        report.created += created
        report.updated += updated
        report.unchanged += unchanged
        report.kept += owned
        for issue in issues:
            report.add_issue(issue)

    def _checkpoint(self, last_line: int) -> None:
        assert self.run is not None
        report = self.report
        ImportRun.objects.filter(pk=self.run.pk).update(
            last_line=last_line,
            rows=report.rows,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            kept=report.kept,
            other_state=report.other_state,
            errors=report.errors,
            warnings=report.warnings,
            issues=[i.as_dict() for i in report.issues],
        )

    # Classify each record: new, changed (with the pk to update), unchanged, or owned by its org.
    def _classify(
        self, batch: list[DenueRecord]
    ) -> tuple[list[DenueRecord], list[tuple[int, DenueRecord]], int, int]:
        if not self.check_existing or not batch:
            return batch, [], 0, 0
        by_id = self._existing("denue_id", [r.denue_id for r in batch])
        unmatched_clees = [r.clee for r in batch if r.denue_id not in by_id and r.clee]
        by_clee = self._existing("denue_clee", unmatched_clees, only_without_id=True)
        new: list[DenueRecord] = []
        changed: list[tuple[int, DenueRecord]] = []
        unchanged = owned = 0
        for record in batch:
            existing = by_id.get(record.denue_id)
            if existing is None and record.clee:
                existing = by_clee.pop(record.clee, None)
                if existing is not None:
                    if existing.owned:
                        self._link(existing.pk, record)
                        owned += 1
                    else:
                        changed.append((existing.pk, record))
                    continue
            if existing is None:
                new.append(record)
            elif existing.owned:
                owned += 1
            elif existing.values == _values(record):
                unchanged += 1
            else:
                changed.append((existing.pk, record))
        return new, changed, unchanged, owned

    def _existing(self, column: str, keys: list[str], only_without_id: bool = False) -> dict[str, _Existing]:
        found: dict[str, _Existing] = {}
        if not keys:
            return found
        quote = connection.ops.quote_name
        select = ", ".join(quote(c) for c in ("id", column, "source", "is_verified", *MANAGED))
        extra = f" AND {quote('denue_id')} IS NULL" if only_without_id else ""
        with connection.cursor() as cursor:
            for chunk in _chunks(keys, IN_CHUNK):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT {select} FROM {self.table} WHERE {quote(column)} IN ({marks}){extra}",  # noqa: S608
                    chunk,
                )
                for pk, key, source, verified, *values in cursor.fetchall():
                    owned = source != DENUE or bool(verified)
                    found.setdefault(key, _Existing(pk, owned, tuple(values)))
        return found

    def _link(self, pk: int, record: DenueRecord) -> None:
        if not self.dry_run:
            Organization.objects.filter(pk=pk, denue_id__isnull=True).update(denue_id=record.denue_id)

    def _insert(
        self, records: list[DenueRecord], now: Any, issues: list[Issue]
    ) -> list[tuple[int, DenueRecord]]:
        if not records:
            return []
        stamp = connection.ops.adapt_datetimefield_value(now)
        rows = [self._row(r, stamp) for r in records]
        sql = self.insert_sql()
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX({quote('id')}), 0) FROM {self.table}")  # noqa: S608
            (max_before,) = cursor.fetchone()
            try:
                with transaction.atomic():
                    if connection.vendor == "postgresql":
                        self._copy(cursor, rows)
                    else:
                        cursor.executemany(sql, rows)
            except IntegrityError:
                records = self._insert_one_by_one(cursor, sql, records, rows, issues)
            return self._new_pks(cursor, records, max_before)

    def _new_pks(
        self, cursor: Any, records: list[DenueRecord], max_before: int
    ) -> list[tuple[int, DenueRecord]]:
        """The ids the batch received. Every new id is above the largest id before the batch; under
        SQLite's write lock they are also consecutive in insertion order, which one count confirms
        (no need to read the rows back)."""
        quote = connection.ops.quote_name
        where = f"FROM {self.table} WHERE {quote('id')} > %s"
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT MIN({quote('id')}), MAX({quote('id')}), COUNT(*) {where}", [max_before])
            low, high, count = cursor.fetchone()
            if count == len(records) and count and high - low + 1 == count:
                return list(zip(range(low, high + 1), records, strict=True))
        cursor.execute(f"SELECT {quote('id')}, {quote('denue_id')} {where}", [max_before])
        pks = {key: pk for pk, key in cursor.fetchall()}
        return [(pks[r.denue_id], r) for r in records if r.denue_id in pks]

    def _copy(self, cursor: Any, rows: list[tuple[Any, ...]]) -> None:
        """PostgreSQL's COPY: about twice as fast as executemany for a table with many indexes."""
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in (*self.columns, *self.constants))
        constants = tuple(self.constants.values())
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row((*row, *constants))

    def _insert_one_by_one(
        self,
        cursor: Any,
        sql: str,
        records: list[DenueRecord],
        rows: list[tuple[Any, ...]],
        issues: list[Issue],
    ) -> list[DenueRecord]:
        """The slow path after a batch hit a constraint: each row alone, a clash reported for its line."""
        inserted = []
        slug_at = self.columns.index("slug")
        for record, row in zip(records, rows, strict=True):
            for attempt in (row, (*row[:slug_at], f"denue-{record.denue_id}", *row[slug_at + 1 :])):
                try:
                    with transaction.atomic():
                        cursor.execute(sql, attempt)
                    inserted.append(record)
                    break
                except IntegrityError as exc:
                    error = exc
            else:
                issues.append(
                    Issue(record.line, "error", _("no se pudo guardar: %(e)s / not saved") % {"e": error})
                )
        return inserted

    def insert_sql(self) -> str:
        """INSERT with a parameter for each column the import sets, and the other columns' constant
        defaults written as literals (fewer parameters to bind per row)."""
        quote = connection.ops.quote_name
        columns = [*self.columns, *self.constants]
        values = ["%s"] * len(self.columns) + [_sql_literal(v) for v in self.constants.values()]
        return (
            f"INSERT INTO {self.table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
            f"VALUES ({', '.join(values)})"
        )

    def _row(self, record: DenueRecord, stamp: Any) -> tuple[Any, ...]:
        return (
            denue_slug(record.name, record.denue_id),
            COMPANY,
            DENUE,
            record.denue_id,
            stamp,
            stamp,
            *_values(record),
            *self.defaults,
        )

    def _update(self, changed: list[tuple[int, DenueRecord]], now: Any) -> None:
        if not changed:
            return
        quote = connection.ops.quote_name
        sets = ", ".join(f"{quote(c)} = %s" for c in (*MANAGED, "denue_id", "updated_at"))
        stamp = connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {self.table} SET {sets} WHERE {quote('id')} = %s",  # noqa: S608
                [(*_values(r), r.denue_id, stamp, pk) for pk, r in changed],
            )

    def _documents(self, created: list[tuple[int, DenueRecord]], now: Any) -> list[OrganizationDocument]:
        """Search documents straight from the records: what documents.document gives for a new
        DENUE organisation (no description, networks or certifications yet), without re-reading it."""
        timestamp = now.timestamp()
        titles = self.reference.clases
        docs = []
        for pk, r in created:
            code = r.scian or ""
            docs.append(
                OrganizationDocument(
                    id=pk,
                    name=f"{r.name} {r.legal_name}".strip(),
                    body=" ".join(["", "", "", "", titles.get(code, "")]),
                    kind=COMPANY,
                    sector=self._sector(code),
                    subsector=code[:3],
                    size=r.size,
                    municipality=r.municipality or "",
                    is_verified=False,
                    created_at=timestamp,
                )
            )
        return docs

    def _sector(self, code: str) -> str:
        if not code:
            return ""
        sector = self._sectors.get(code)
        if sector is None:
            sector = self._sectors[code] = sector_of(code)
        return sector


def _values(record: DenueRecord) -> tuple[Any, ...]:
    """A record's values for the MANAGED columns, as the database returns them."""
    return (
        record.name,
        record.legal_name,
        record.scian,
        record.size,
        STRATUM if record.size else "",
        record.stratum,
        record.municipality,
        record.address,
        record.postal_code,
        record.latitude,
        record.longitude,
        record.phone,
        record.email,
        record.website,
        record.clee,
    )


_OWN_COLUMNS = ("slug", "kind", "source", "denue_id", "created_at", "updated_at", *MANAGED)


def _insert_columns() -> tuple[list[str], tuple[Any, ...], dict[str, Any]]:
    """The columns of a new organisation: those the import sets, then the others at their defaults,
    as parameters, or as constants (NULL, a boolean, a number or "") written into the SQL."""
    columns = list(_OWN_COLUMNS)
    defaults = []
    constants: dict[str, Any] = {}
    for model_field in Organization._meta.concrete_fields:
        if model_field.primary_key or model_field.attname in _OWN_COLUMNS:
            continue
        default = model_field.get_default() if model_field.has_default() or not model_field.null else None
        value = model_field.get_db_prep_save(default, connection)
        column = str(model_field.column)
        if value is None or value == "" or isinstance(value, bool | int | float):
            constants[column] = value
        else:
            columns.append(column)
            defaults.append(value)
    return columns, tuple(defaults), constants


def _sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if value == "":
        return "''"
    return repr(value)


def _chunks(items: Sequence[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
