"""Pages that higher apps add to, without the page's app importing them (pretix's pattern).

A page's app declares a Signal; a receiver in a higher app answers with HTML rendered from its own
template ("" when it has nothing to show); the page shows the answers in the order the apps are
installed.
"""

from typing import Any

from django.dispatch import Signal


def fragments(signal: Signal, **page: Any) -> list[str]:
    """The receivers' fragments: SafeStrings from render_to_string, escaped by their own templates."""
    return [html for _receiver, html in signal.send(sender=None, **page) if html]
