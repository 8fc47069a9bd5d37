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
        from td2035.privacy.registry import register_erasure
        from td2035.registration import claims, invitations

        user_logged_in.connect(remember_consent_at_sign_in, dispatch_uid="privacy.consent-at-sign-in")
        name_changed.connect(log_name_rectification, dispatch_uid="privacy.name-rectification")

        # Registration sits below privacy and cannot import it: privacy registers its erasers for it.
        register_erasure("claims", claims.withdraw_claims_of_deleted_account)
        register_erasure("invitations", invitations.revoke_invitations_to_deleted_account)
