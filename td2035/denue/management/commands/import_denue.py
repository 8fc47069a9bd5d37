"""python manage.py import_denue PATH [--state 22] [--dry-run]: load INEGI's DENUE CSV into the directory."""

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils.translation import gettext as _
from tqdm import tqdm

from td2035.denue.files import DenueFormatError
from td2035.denue.reports import ImportReport
from td2035.denue.services import import_denue

SHOWN_ISSUES = 30


class _TqdmStream:
    """tqdm writes partial lines; Django's OutputWrapper would end each with a newline."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")

    def flush(self) -> None:
        self.out.flush()


class Command(BaseCommand):
    help = "Importa el CSV del DENUE (INEGI) al directorio / Import INEGI's DENUE CSV into the directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="CSV del DENUE, p. ej. denue_inegi_22_.csv")
        parser.add_argument(
            "--state", default="22", help="Clave de entidad a importar (22 = Querétaro); 'all' para todas."
        )
        parser.add_argument("--dry-run", action="store_true", help="Revisa el archivo sin escribir nada.")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--restart",
            action="store_true",
            help="Empieza de nuevo aunque una corrida anterior quedó a medias.",
        )
        parser.add_argument(
            "--report", type=Path, help="Escribe las filas con error o aviso (las primeras 1000) en este CSV."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(_("No existe el archivo %(path)s / File not found.") % {"path": path})
        state = options["state"]
        if state.lower() in ("all", "todas", "0", ""):
            state = None
        elif not (state.isdigit() and 1 <= int(state) <= 32):
            raise CommandError(_("--state debe ser una clave de entidad 1–32 o 'all' / invalid state."))
        if options["batch_size"] < 1:
            raise CommandError("--batch-size >= 1")
        bars: list[tqdm[Any]] = []  # created at the first progress report: a refused file shows none

        def progress(bytes_read: int, rows: int) -> None:
            if not bars:
                bars.append(
                    tqdm(
                        total=path.stat().st_size,
                        unit="B",
                        unit_scale=True,
                        desc=path.name[:30],
                        file=_TqdmStream(self.stderr),  # type: ignore[arg-type]
                        mininterval=0.5,
                    )
                )
            bar = bars[0]
            bar.update(bytes_read - bar.n)
            bar.set_postfix_str(f"{rows:,} filas", refresh=False)

        try:
            report = import_denue(
                path,
                state=state,
                dry_run=options["dry_run"],
                batch_size=options["batch_size"],
                restart=options["restart"],
                progress=progress,
            )
        except DenueFormatError as exc:
            raise CommandError(
                _("No se importó nada: %(error)s / Nothing was imported.") % {"error": exc}
            ) from exc
        except KeyboardInterrupt:
            raise CommandError(
                _(
                    "Interrumpido. Lo ya confirmado se conserva; vuelva a ejecutar el mismo comando "
                    "para continuar / Interrupted: run the same command again to resume."
                )
            ) from None
        finally:
            for bar in bars:
                bar.close()
        self._summary(report)
        if options["report"]:
            self._write_report(report, options["report"])

    def _summary(self, report: ImportReport) -> None:
        out = self.stdout
        mode = _(" (simulación: no se escribió nada)") if report.dry_run else ""
        out.write(
            _("DENUE %(file)s%(mode)s: %(layout)s, codificación %(encoding)s")
            % {"file": report.file_name, "mode": mode, "layout": report.layout, "encoding": report.encoding}
        )
        if report.resumed_from:
            out.write(_("Reanudada después de la línea %(line)d.") % {"line": report.resumed_from})
        out.write(
            _(
                "Filas: %(rows)d · nuevas: %(created)d · actualizadas: %(updated)d · sin cambios: "
                "%(unchanged)d · administradas por su organización: %(kept)d · de otra entidad: "
                "%(other)d · con error: %(errors)d · avisos: %(warnings)d · %(seconds).1f s"
            )
            % {
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "kept": report.kept,
                "other": report.other_state,
                "errors": report.errors,
                "warnings": report.warnings,
                "seconds": report.seconds,
            }
        )
        errors_first = sorted(report.issues, key=lambda i: i.level != "error")
        for issue in errors_first[:SHOWN_ISSUES]:
            label = _("error") if issue.level == "error" else _("aviso")
            out.write(f"  {_('línea')} {issue.line} ({label}): {issue.message}")
        hidden = report.errors + report.warnings - min(len(report.issues), SHOWN_ISSUES)
        if hidden > 0:
            out.write(_("  … y %(n)d más (use --report ARCHIVO.csv)") % {"n": hidden})

    def _write_report(self, report: ImportReport, path: Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["line", "level", "message"])
            for issue in report.issues:
                writer.writerow([issue.line, issue.level, issue.message])
        self.stdout.write(_("Reporte: %(path)s") % {"path": path})
