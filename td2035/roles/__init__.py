"""Who speaks for which organisation or network, and the permission checks every service asks first.

Owns OrganizationRole (member or admin of an organisation) and NetworkAdmin (runs a network and the
networks nested below it), and ``permissions``. Imports core, accounts and directory; apps above it
(registration, networks_admin, privacy, market, ...) ask it, it never asks them.
"""
