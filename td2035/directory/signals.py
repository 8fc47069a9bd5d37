"""Where apps above the directory add to its public pages (core/fragments.py): registration answers in
the organisation profile's corner (edit, verify, claim), market with a section of the profile (its open
listings), networks_admin on the network page (administer, join, invitations). Receivers get the
request and the page's object."""

from django.dispatch import Signal

organization_corner = Signal()  # request, organization
organization_sections = Signal()  # request, organization
network_corner = Signal()  # request, network
