"""Where apps above the directory add to its public pages (core/fragments.py): registration answers on
the organisation profile (edit, verify, claim), networks_admin on the network page (administer, join,
invitations). Receivers get the request and the page's object."""

from django.dispatch import Signal

organization_corner = Signal()  # request, organization
network_corner = Signal()  # request, network
