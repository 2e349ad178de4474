"""Admin of the kernel's third-party models: what a superuser must never see.

allauth registers its authenticators with every field editable, so the superuser read (and could
change) each person's TOTP secret. The replacement lists who uses which second factor and lets a
superuser delete one (a lost phone), never read or edit its data.

Organisations, users and memberships have read-only screens for support; they are created and changed
through the platform's pages (« Administration de la plateforme ») and the organisations' own.
"""

from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin

from avenirpro.models import Membership, Organisation, User

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


class LectureSeuleAdmin(admin.ModelAdmin):
    """Support screens: read, search and filter; changes go through the platform's pages (their rules,
    their checks), never through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipEnLigne(admin.TabularInline):
    model = Membership
    fields = ("organisation", "role", "cree_le")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(LectureSeuleAdmin):
    list_display = ("nom", "type", "region", "academie", "cree_le")
    list_filter = ("type", "region")
    search_fields = ("nom", "uuid")
    list_select_related = ("region", "academie")
    fields = ("uuid", "nom", "type", "region", "academie", "cree_le")
    readonly_fields = fields


@admin.register(User)
class UserAdmin(LectureSeuleAdmin):
    list_display = ("email", "prenom", "nom", "is_active", "is_staff", "last_login", "date_joined")
    list_filter = ("is_active", "is_staff", "memberships__role")
    search_fields = ("email", "nom", "prenom", "uuid")
    # Never the password hash: support has no use for it.
    fields = (
        "uuid",
        "email",
        "prenom",
        "nom",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    )
    readonly_fields = fields
    inlines = [MembershipEnLigne]


@admin.register(Membership)
class MembershipAdmin(LectureSeuleAdmin):
    list_display = ("user", "organisation", "role", "cree_le")
    list_filter = ("role", "organisation__type")
    search_fields = ("user__email", "organisation__nom")
    list_select_related = ("user", "organisation")
    fields = ("uuid", "user", "organisation", "role", "cree_le")
    readonly_fields = fields
