"""Admin of the kernel's third-party models: what a superuser must never see.

allauth registers its authenticators with every field editable, so the superuser read (and could
change) each person's TOTP secret. The replacement lists who uses which second factor and lets a
superuser delete one (a lost phone), never read or edit its data.
"""

from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin

admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AllauthAuthenticatorAdmin):
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields
    exclude = ("data",)
    search_fields = ("user__email",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
