"""Writing one batch of DENUE records into the directory: its organisations, their search documents and
the run's checkpoint, in one transaction (services.py runs the batches).

Organisations are keyed on the DENUE id (and matched by clee when an organisation declared its clee
but has no id yet). Only DENUE-managed fields are written, and only on organisations that DENUE
manages (source "denue", not verified by their owner); a row whose values did not change is not
written at all, so re-running a file changes nothing. Writes use raw `executemany` through Django's
connection (about 8x faster than bulk_create on SQLite) with SQL that PostgreSQL runs unchanged.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from td2035.denue.models import ImportRun
from td2035.denue.records import DenueRecord, Reference
from td2035.denue.reports import ImportReport, Issue
from td2035.denue.values import denue_slug
from td2035.directory import documents
from td2035.directory.models import Organization, OrganizationKind, SizeSource, Source
from td2035.reference.queries import sector_of
from td2035.search import services as search
from td2035.search.documents import OrganizationDocument

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

COMPANY = OrganizationKind.COMPANY.value
DENUE = Source.DENUE.value
STRATUM = SizeSource.DENUE_STRATUM.value


@dataclass
class _Existing:
    pk: int
    owned: bool  # the organisation manages its profile: DENUE does not overwrite it
    values: tuple[Any, ...]


class BatchImporter:
    """Writes the batches of one import (or, in a dry run, only counts what they would change)."""

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
