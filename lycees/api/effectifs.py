"""API of the lycées, classes and students: ``/api/v1/lycees/`` (read), ``/api/v1/divisions/`` and
``/api/v1/eleves/`` (the direction manages, the professeur and the assigned counsellors read). Reads go
through ``visible_to`` (outsiders get 404), writes through lycees/services/effectifs.py, like the pages."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from avenirpro import journal
from avenirpro.access import en_perimetre
from avenirpro.api.fields import UuidVisibleField
from avenirpro.api.router import router
from avenirpro.api.serialisation import LectureRapide
from avenirpro.filtres import AnneeCouranteParDefaut, pour_api
from avenirpro.models import AnneeScolaire
from lycees import perms
from lycees.filters import DivisionFilter, EleveFilter
from lycees.models import Division, Eleve, Lycee, compter_effectifs
from lycees.recherche import ORDRE_ELEVES
from lycees.services import effectifs

# --- serializers -----------------------------------------------------------------------------------


class LyceeSerializer(LectureRapide, serializers.ModelSerializer):
    academie = serializers.CharField(source="organisation.academie.nom", read_only=True, allow_null=True)
    region = serializers.CharField(source="organisation.region.nom", read_only=True, allow_null=True)

    class Meta:
        model = Lycee
        fields = ["uuid", "uai", "nom", "commune", "secteur", "academie", "region"]
        read_only_fields = fields


class AnneeField(serializers.IntegerField):
    """A school year by its first calendar year (2026 for 2026-2027)."""

    def to_representation(self, annee):
        return annee.annee_debut

    def to_internal_value(self, data):
        valeur = super().to_internal_value(data)
        if not 2000 <= valeur <= 2100:
            raise serializers.ValidationError(
                "Année scolaire invalide : indiquez sa première année (ex. 2026)."
            )
        annee, _ = AnneeScolaire.objects.get_or_create(annee_debut=valeur)
        return annee


class DivisionSerializer(LectureRapide, serializers.ModelSerializer):
    lycee = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    annee = AnneeField(
        required=False,
        help_text="Année scolaire par sa première année civile (2026 pour 2026-2027) ; par défaut l'année "
        "en cours. Fixée à la création.",
    )
    nb_eleves = serializers.SerializerMethodField()

    class Meta:
        model = Division
        fields = ["uuid", "lycee", "annee", "nom", "diplome", "specialite", "nb_eleves"]
        read_only_fields = ["uuid", "lycee", "nb_eleves"]
        # Uniqueness is the service's job (a scoped model: DRF's validator would query every lycée).
        validators = []

    def get_nb_eleves(self, division) -> int:
        return getattr(division, "nb_eleves", 0)


class EleveSerializer(LectureRapide, serializers.ModelSerializer):
    lycee = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    annee = AnneeField(read_only=True)
    division = UuidVisibleField(
        queryset_pour=lambda request: Division.objects.visible_to(request),
        allow_null=True,
        required=False,
        help_text="UUID de la classe (du même lycée) ; l'année scolaire de l'élève est celle de la classe.",
    )
    diplome = serializers.ChoiceField(
        choices=Eleve._meta.get_field("diplome").choices,
        required=False,
        allow_blank=True,
        help_text="Vide ou absent : le diplôme de la classe.",
    )
    specialite = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Absente : la spécialité de la classe."
    )

    class Meta:
        model = Eleve
        fields = ["uuid", "lycee", "annee", *effectifs.CHAMPS_ELEVE, "cree_le", "modifie_le"]
        read_only_fields = ["uuid", "lycee", "annee", "cree_le", "modifie_le"]
        validators = []


# --- permissions -----------------------------------------------------------------------------------


class GereLesEffectifs(permissions.BasePermission):
    """Reading follows ``visible_to``; writing needs the right to manage the lycée's roster (the same
    rule and message as the services, asked before the body is read: a professeur gets 403 at once)."""

    message = effectifs.MESSAGE_REFUS

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action == "create":
            p = en_perimetre(request)
            return perms.peut_gerer_effectifs(p, perms.lycee_id(p))
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return perms.peut_gerer_effectifs(en_perimetre(request), obj.lycee_id)


# --- viewsets --------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Les lycées que vous voyez"), retrieve=extend_schema(summary="Un lycée")
)
class LyceeViewSet(viewsets.ReadOnlyModelViewSet):
    """Lycées listed for you (no personal data): yours, those your organisation serves, your region's."""

    serializer_class = LyceeSerializer
    lookup_field = "uuid"

    def get_queryset(self):
        return (
            Lycee.objects.visible_to(self.request)
            .select_related("organisation__academie", "organisation__region")
            .order_by("nom", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary="Les classes"),
    retrieve=extend_schema(summary="Une classe"),
    create=extend_schema(summary="Créer une classe (direction du lycée)"),
    update=extend_schema(summary="Modifier une classe (direction du lycée)"),
    partial_update=extend_schema(summary="Modifier une classe (direction du lycée)"),
    destroy=extend_schema(summary="Supprimer une classe vide (direction du lycée)"),
)
class DivisionViewSet(viewsets.ModelViewSet):
    filterset_class = pour_api(DivisionFilter)
    serializer_class = DivisionSerializer
    lookup_field = "uuid"
    permission_classes = [permissions.IsAuthenticated, GereLesEffectifs]

    def get_queryset(self):
        qs = Division.objects.visible_to(self.request).select_related("lycee", "annee")
        if self.action != "list":  # a list counts its page's classes only (``compter_effectifs``)
            qs = qs.avec_effectifs()
        return qs.order_by("-annee__annee_debut", "lycee__nom", "nom", "pk")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return compter_effectifs(page) if page is not None and self.action == "list" else page

    def perform_create(self, serializer):
        donnees = serializer.validated_data
        serializer.instance = effectifs.creer_division(
            self.request,
            nom=donnees["nom"],
            diplome=donnees["diplome"],
            specialite=donnees.get("specialite", ""),
            annee=donnees.get("annee"),
        )

    def perform_update(self, serializer):
        division = serializer.instance
        donnees = serializer.validated_data
        effectifs.modifier_division(
            self.request,
            division,
            nom=donnees.get("nom", division.nom),
            diplome=donnees.get("diplome", division.diplome),
            specialite=donnees.get("specialite", division.specialite),
        )

    def perform_destroy(self, instance):
        effectifs.supprimer_division(self.request, instance)


@extend_schema_view(
    list=extend_schema(summary="Les élèves"),
    retrieve=extend_schema(summary="Un élève"),
    create=extend_schema(summary="Ajouter un élève (direction du lycée)"),
    update=extend_schema(summary="Modifier un élève (direction du lycée)"),
    partial_update=extend_schema(summary="Modifier un élève (direction du lycée)"),
    destroy=extend_schema(summary="Supprimer un élève enregistré par erreur (direction du lycée)"),
)
class EleveViewSet(AnneeCouranteParDefaut, journal.JournaliseMixin, viewsets.ModelViewSet):
    filterset_class = pour_api(EleveFilter)
    serializer_class = EleveSerializer
    lookup_field = "uuid"
    permission_classes = [permissions.IsAuthenticated, GereLesEffectifs]

    def get_queryset(self):
        qs = Eleve.objects.visible_to(self.request).select_related("lycee", "annee", "division")
        return qs.order_by(*ORDRE_ELEVES)

    def perform_create(self, serializer):
        donnees = dict(serializer.validated_data)
        donnees.setdefault("specialite", None)
        serializer.instance = effectifs.creer_eleve(self.request, **donnees)

    def perform_update(self, serializer):
        serializer.instance = effectifs.modifier_eleve(
            self.request, serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        effectifs.supprimer_eleve(self.request, instance)


router.register("lycees", LyceeViewSet, basename="lycee")
router.register("divisions", DivisionViewSet, basename="division")
router.register("eleves", EleveViewSet, basename="eleve")
