from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "td2035.privacy"
    label = "privacy"
    verbose_name = _("Privacidad y derechos ARCO")

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from td2035.accounts.signals import name_changed
        from td2035.privacy.arco import log_name_rectification
        from td2035.privacy.notices import remember_consent_at_sign_in
        from td2035.privacy.personal_data import api_tokens
        from td2035.privacy.registry import register_erasure, register_personal_data
        from td2035.registration import claims, invitations, queries

        user_logged_in.connect(remember_consent_at_sign_in, dispatch_uid="privacy.consent-at-sign-in")
        name_changed.connect(log_name_rectification, dispatch_uid="privacy.name-rectification")

        # Registration sits below privacy and cannot register itself: privacy does it for it. These
        # sections came after the download's first version, so they come after the apps' (late).
        register_personal_data("claims", queries.claims_personal_data, late=True)
        register_personal_data("invitations", queries.invitations_personal_data, late=True)
        register_personal_data("api_tokens", api_tokens, late=True)
        register_erasure("claims", claims.withdraw_claims_of_deleted_account)
        register_erasure("invitations", invitations.revoke_invitations_to_deleted_account)
