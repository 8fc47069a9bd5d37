"""Running a network: invite organisations and sub-networks, answer join requests, keep the roster
(and its CSV), verify members, and the network page's corner for its admins.

Owns NetworkInvitation and NetworkJoinRequest. Imports core, reference, accounts, directory, roles,
registration (a network admin verifies members through registration.claims) and privacy (its registry:
what people wrote to networks goes in their ARCO download); never an app above it.
"""
