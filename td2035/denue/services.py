"""The DENUE import: rows in batches, each batch one transaction with its search documents and its
checkpoint, so an interrupted run resumes after the last committed line and nothing is half-written.

Reading is files.py and records.py; writing a batch into the directory is batches.py.
"""

import gc
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from td2035.denue.batches import BatchImporter
from td2035.denue.files import DecodedLines, Layout, detect_layout, read_rows
from td2035.denue.models import ImportRun
from td2035.denue.records import DenueRecord, Reference, RowParser
from td2035.denue.reports import ImportReport, Issue
from td2035.denue.values import fold
from td2035.reference.models import Municipality, ScianCode, ScianLevel

PROGRESS_EVERY = 2000  # rows
Progress = Callable[[int, int], None]  # (bytes read, rows read)


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
        importer = BatchImporter(report, run, dry_run, load_reference())
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
    importer: BatchImporter,
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
