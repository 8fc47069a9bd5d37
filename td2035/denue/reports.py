"""What one run of the DENUE import reports: its counts, and the rows it refused or imported with a warning."""

from dataclasses import dataclass, field
from typing import Any

MAX_STORED_ISSUES = 1000


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
