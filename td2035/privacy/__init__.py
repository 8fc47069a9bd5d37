"""Personal data under the LFPDPPP: the privacy notice and each person's consent to it, and the ARCO rights
(access, rectification, cancellation, opposition) with their legal deadlines and the staff queue.

Owns PrivacyNotice, PrivacyConsent and ArcoRequest, the consent middleware, the sign-up form that records
consent, and ``registry``: what other apps hold about a person, for the access download and the deletion
of an account. It may import core, accounts, directory, notifications, roles and registration (whose
sections and erasers its ready() registers); the apps above it (networks_admin, inquiries, market, ...)
register theirs in ``registry``, and it never imports them (import contract in make lint).
"""
