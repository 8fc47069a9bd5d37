"""People speak for organisations: register a new one (the wizard), claim a listed one and have the
claim decided, have it verified, edit its profile and logo, invite colleagues and change their roles.

Owns Claim and Invitation, the organisation write API, and the management corner of the public
profile (connected to directory.signals, so the directory never imports this app). Imports core,
reference, accounts, directory and roles; never an app above it.
"""
