"""Personal data under the LFPDPPP: the privacy notice and each person's consent to it, and the ARCO rights
(access, rectification, cancellation, opposition) with their legal deadlines and the staff queue.

Owns PrivacyNotice, PrivacyConsent and ArcoRequest, the consent middleware, the sign-up form that records
consent, and ``registry``: what other apps hold about a person, for the access download and the deletion
of an account. It may import core, accounts, directory, notifications, roles, registration and
networks_admin (it reads their personal data and registers registration's erasers); the apps above it
(inquiries, market, ...) register theirs in ``registry``, and it never imports them (import contract in
make lint).
"""
