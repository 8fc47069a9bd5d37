"""Personal data under the LFPDPPP: the privacy notice and each person's consent to it, and the ARCO rights
(access, rectification, cancellation, opposition) with their legal deadlines and the staff queue.

Owns PrivacyNotice, PrivacyConsent and ArcoRequest, the consent middleware, the sign-up form that records
consent, and ``registry``: what the apps above it hold about a person, for the access download. It may
import core, accounts, directory, notifications and roles; the apps above it (inquiries, market, ...)
register their sections in ``registry``, and it never imports them (import contract in make lint).
"""
