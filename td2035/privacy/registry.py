"""What the apps above privacy hold about a person, for the ARCO access download (personal_data).

Privacy may not import the apps built on it (inquiries, market, ...), yet a person's download must hold
what those apps keep about them too. Each such app registers a section in its AppConfig.ready():

    register_personal_data("inquiry_messages", queries.personal_data)     # td2035/inquiries/apps.py

`collect(user)` answers the section's JSON-ready value (lists, dicts, strings, numbers, ISO dates). The
download lists registered sections after privacy's own, in the order they were registered; ready() runs
in INSTALLED_APPS order, so the document's keys come in the same order every time.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from td2035.accounts.models import User

Collect = Callable[[User], Any]

_sections: dict[str, Collect] = {}


def register_personal_data(section: str, collect: Collect) -> None:
    """Add `section` to every person's download, filled by `collect(user)`. Registering the same function
    again changes nothing; another function under a name already taken is a configuration error."""
    known = _sections.get(section)
    if known is not None and known is not collect:
        raise ImproperlyConfigured(
            f"The personal-data section {section!r} is already registered by {known.__module__}."
        )
    _sections[section] = collect


def registered_sections() -> dict[str, Collect]:
    """The registered sections and their functions, in registration order."""
    return dict(_sections)


def collect_personal_data(user: User) -> dict[str, Any]:
    """Every registered section for this person, in registration order."""
    return {section: collect(user) for section, collect in _sections.items()}
