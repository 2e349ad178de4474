"""Administration of the reference data: lycées (UAI, names). Students are not exposed here: they are
reached through the application's pages, where the access policy applies."""

from django.contrib import admin

from lycees.models import Division, Lycee


@admin.register(Lycee)
class LyceeAdmin(admin.ModelAdmin):
    list_display = ["nom", "uai", "commune", "secteur"]
    list_filter = ["secteur", "organisation__region"]
    search_fields = ["nom", "uai", "commune"]
    raw_id_fields = ["organisation"]


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    """Classes, read only (names and diplomas: how a lycée organised its final year)."""

    list_display = ["nom", "lycee", "annee", "diplome", "specialite"]
    list_filter = ["diplome", "annee"]
    search_fields = ["nom", "lycee__nom", "lycee__uai"]
    list_select_related = ["lycee", "annee"]

    def get_queryset(self, request):
        return Division.objects.unscoped("administration de la plateforme (classes, sans élève)")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
