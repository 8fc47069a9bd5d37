"""Running a network: invite organisations and sub-networks, answer join requests, keep the roster
(and its CSV), verify members, and the network page's corner for its admins.

Owns NetworkInvitation and NetworkJoinRequest. Imports core, reference, accounts, directory, roles and
registration (a network admin verifies members through registration.claims); never an app above it
(privacy, above it, reads what people wrote to networks for their ARCO download).
"""
