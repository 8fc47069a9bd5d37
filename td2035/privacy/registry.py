"""What other apps hold about a person, for the ARCO access download (personal_data) and for the
deletion of an account (cancellation).

Privacy may not import the apps built on it (inquiries, market, ...), yet a person's download must hold
what those apps keep about them too. Each such app registers a section in its AppConfig.ready():

    register_personal_data("inquiry_messages", queries.personal_data)     # td2035/inquiries/apps.py

`collect(user)` answers the section's JSON-ready value (lists, dicts, strings, numbers, ISO dates). The
download lists registered sections after privacy's own, in the order they were registered; ready() runs
in INSTALLED_APPS order, so the document's keys come in the same order every time. What the apps below
privacy hold (registration, networks_admin, accounts' tokens) privacy reads itself (personal_data).

An app that holds requests a deleted person could still have granted (a pending claim, an invitation
to their e-mail) registers an eraser, called inside the deletion's transaction before the person is
anonymised:

    register_erasure("claims", claims.withdraw_claims_of_deleted_account)

`erase(user, emails, placeholder)` gets the person's e-mail addresses (before they are removed) and the
placeholder address that replaces them on the account, to write wherever the app kept one of them.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from td2035.accounts.models import User

Collect = Callable[[User], Any]
Erase = Callable[[User, Sequence[str], str], None]

_sections: dict[str, Collect] = {}
_erasures: dict[str, Erase] = {}


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


def register_erasure(name: str, erase: Erase) -> None:
    """Call `erase(user, emails, placeholder)` when an account is deleted (same rules as
    register_personal_data)."""
    known = _erasures.get(name)
    if known is not None and known is not erase:
        raise ImproperlyConfigured(f"The erasure {name!r} is already registered by {known.__module__}.")
    _erasures[name] = erase


def erase_personal_data(user: User, emails: Sequence[str], placeholder: str) -> None:
    """Every registered eraser, in registration order (inside the caller's transaction)."""
    for erase in _erasures.values():
        erase(user, emails, placeholder)
