"""People and their trust: the User, sign-up and sign-in (allauth's adapter), MFA, sessions, the account
pages, API tokens with their authentication and rate limits, and the append-only audit log.

Imports only core. Apps above it add to the account home through ``accounts.signals``
(``account_home_sections``) and hear of a corrected name (``name_changed``); accounts never imports
them: roles, registration and privacy build on it.
"""
