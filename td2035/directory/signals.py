"""Where apps above the directory add to its public pages, without the directory importing them.

A receiver gets the request and the page's object and answers with HTML rendered from its own
template ("" when it has nothing to show). The page shows the answers in the order the apps are
installed. registration answers on the organisation profile (edit, verify, claim), networks_admin on
the network page (administer, join, invitations).
"""

from typing import Any

from django.dispatch import Signal
from django.http import HttpRequest

organization_corner = Signal()  # request, organization
network_corner = Signal()  # request, network


def corners(signal: Signal, request: HttpRequest, **page: Any) -> list[str]:
    """The receivers' fragments: SafeStrings from render_to_string, escaped by their own templates."""
    return [html for _receiver, html in signal.send(sender=None, request=request, **page) if html]
