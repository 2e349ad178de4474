"""API of the FT/ML split: ``/api/v1/affectations/`` (list, read, assign, move, remove, name counsellors)
and ``/api/v1/affectations/jauge/`` (the split against 50/50). Every write goes through
``lycees.affectations.services``, like the HTML pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from avenirpro.api.router import router
from avenirpro.api.serialisation import LectureRapide
from avenirpro.api.serializers import PersonneSerializer
from avenirpro.enums import Reseau, TypeOrganisation
from avenirpro.filtres import AnneeCouranteParDefaut
from avenirpro.models import AnneeScolaire, Organisation, User
from lycees.affectations import services, suites
from lycees.models import Affectation, Lycee

UUID_REGEX = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

PARAMETRE_ANNEE = OpenApiParameter(
    "annee",
    OpenApiTypes.INT,
    description="Année scolaire, par sa première année civile (2025 pour 2025-2026). "
    "Par défaut : l'année en cours.",
)


# --- Serializers ------------------------------------------------------------------------------------


class LyceeResumeSerializer(LectureRapide, serializers.ModelSerializer):
    class Meta:
        model = Lycee
        fields = ["uuid", "uai", "nom"]


class OperateurSerializer(LectureRapide, serializers.ModelSerializer):
    type = serializers.ChoiceField(choices=TypeOrganisation.choices)

    class Meta:
        model = Organisation
        fields = ["uuid", "nom", "type"]


class AffectationSerializer(LectureRapide, serializers.ModelSerializer):
    lycee = LyceeResumeSerializer(read_only=True)
    annee = serializers.SerializerMethodField()
    operateur = OperateurSerializer(read_only=True)
    reseau = serializers.ChoiceField(choices=Reseau.choices, read_only=True)
    conseillers = PersonneSerializer(many=True, read_only=True)

    class Meta:
        model = Affectation
        fields = ["uuid", "lycee", "annee", "operateur", "reseau", "conseillers", "modifiee_le"]

    def get_annee(self, affectation) -> str:
        return str(affectation.annee)


class ChoixSeancesSerializer(serializers.Serializer):
    """On an operator change: what becomes of the planned séances of the counsellors who lose access
    (required when there are some; the request is refused with a 400 otherwise)."""

    seances = serializers.ChoiceField(
        choices=[suites.REASSIGNER, suites.ANNULER],
        required=False,
        help_text="« reaffecter » à un conseiller du nouvel opérateur, ou « annuler » les séances prévues",
    )
    conseiller = serializers.UUIDField(
        required=False,
        help_text="UUID du conseiller du nouvel opérateur qui reprend les séances (reaffecter)",
    )


class AffecterSerializer(ChoixSeancesSerializer):
    """Assign a lycée (by its uuid) to an operator (by its uuid) for a school year."""

    lycee = serializers.UUIDField(help_text="UUID du lycée")
    operateur = serializers.UUIDField(help_text="UUID de l'agence France Travail ou de la mission locale")
    annee = serializers.IntegerField(
        required=False, help_text="Première année civile de l'année scolaire ; par défaut l'année en cours."
    )


class ChangerOperateurSerializer(ChoixSeancesSerializer):
    operateur = serializers.UUIDField(help_text="UUID de l'agence France Travail ou de la mission locale")


class ConseillersEcritureSerializer(serializers.Serializer):
    conseillers = serializers.ListField(
        child=serializers.UUIDField(),
        allow_empty=True,
        max_length=500,
        help_text="UUID des conseillers désignés (remplace la liste ; vide : plus aucun conseiller)",
    )


class RepartitionSerializer(LectureRapide, serializers.Serializer):
    code = serializers.CharField()
    nom = serializers.CharField()
    france_travail = serializers.IntegerField()
    missions_locales = serializers.IntegerField()
    non_affectes = serializers.IntegerField()
    affectes = serializers.IntegerField()
    total = serializers.IntegerField()
    part_france_travail = serializers.FloatField(allow_null=True, help_text="% des lycées affectés")
    part_missions_locales = serializers.FloatField(allow_null=True, help_text="% des lycées affectés")
    ecart = serializers.FloatField(
        allow_null=True, help_text="Points de part France Travail au-dessus (+) ou au-dessous (−) de 50"
    )
    equilibree = serializers.BooleanField(allow_null=True)


class RegionRepartitionSerializer(RepartitionSerializer):
    academies = RepartitionSerializer(many=True)


class JaugeSerializer(LectureRapide, serializers.Serializer):
    annee = serializers.CharField()
    objectif_part_france_travail = serializers.IntegerField(source="objectif")
    tolerance_points = serializers.IntegerField(source="tolerance")
    regions = RegionRepartitionSerializer(many=True)
    total = RepartitionSerializer()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["annee"] = str(instance.annee)
        return data


# --- Helpers ----------------------------------------------------------------------------------------


def _annee(valeur) -> AnneeScolaire:
    """The year asked for; the current one when ``?annee`` is absent (None). Given empty it is refused like
    an unknown year: the schema says integer."""
    annee = None if valeur == "" else services.annee_choisie(valeur, services.annees_proposees())
    if annee is None:
        raise ValidationError({"annee": ["Année scolaire inconnue (exemple : 2025 pour 2025-2026)."]})
    return annee


def _operateur(uuid) -> Organisation:
    operateur = Organisation.objects.filter(uuid=uuid).first()
    if operateur is None:
        raise ValidationError({"operateur": ["Opérateur introuvable."]})
    return operateur


def _choix_seances(donnees: dict, operateur: Organisation) -> services.ChoixPrevus | None:
    """A counsellor uuid that is not one of the new operator's active counsellors: 404."""
    if not donnees.get("seances"):
        return None
    conseiller = None
    if donnees.get("conseiller"):
        conseiller = get_object_or_404(services.conseillers_possibles(operateur), uuid=donnees["conseiller"])
    return services.ChoixPrevus(action=donnees["seances"], conseiller=conseiller)


# --- The viewset ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Affectations visibles",
        parameters=[
            PARAMETRE_ANNEE,
            OpenApiParameter("reseau", OpenApiTypes.STR, enum=Reseau.values, description="Réseau"),
        ],
    ),
    retrieve=extend_schema(summary="Une affectation"),
    create=extend_schema(
        summary="Affecter un lycée (pilote régional)",
        request=AffecterSerializer,
        responses={200: AffectationSerializer, 201: AffectationSerializer},
    ),
    update=extend_schema(
        summary="Changer d'opérateur (pilote régional)",
        description=(
            "Les conseillers désignés par l'ancien opérateur sont retirés ; leurs séances prévues dans le "
            "lycée sont confiées à un conseiller du nouvel opérateur (« seances »: « reaffecter », "
            "« conseiller ») ou annulées (« annuler »)."
        ),
        request=ChangerOperateurSerializer,
        responses=AffectationSerializer,
    ),
    partial_update=extend_schema(
        summary="Changer d'opérateur (pilote régional)",
        request=ChangerOperateurSerializer,
        responses=AffectationSerializer,
    ),
    destroy=extend_schema(summary="Retirer l'affectation (pilote régional)"),
)
class AffectationViewSet(
    AnneeCouranteParDefaut,  # without ?annee=, the current year (as PARAMETRE_ANNEE says)
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AffectationSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        qs = services.affectations_visibles(self.request).order_by("-annee__annee_debut", "lycee__nom", "pk")
        if self.action == "list":
            if "annee" in self.request.query_params:
                qs = qs.filter(annee=_annee(self.request.query_params["annee"]))
            reseau = self.request.query_params.get("reseau")
            if reseau == "":
                raise ValidationError({"reseau": [f"Réseau inconnu : {', '.join(Reseau.values)}."]})
            if reseau == Reseau.FRANCE_TRAVAIL:
                qs = qs.filter(operateur__type=TypeOrganisation.AGENCE_FT)
            elif reseau == Reseau.MISSIONS_LOCALES:
                qs = qs.filter(operateur__type=TypeOrganisation.MISSION_LOCALE)
            elif reseau:
                raise ValidationError({"reseau": [f"Réseau inconnu : {', '.join(Reseau.values)}."]})
        return qs

    def _reponse(self, affectation, code=status.HTTP_200_OK) -> Response:
        affectation = self.get_queryset().get(pk=affectation.pk)
        return Response(AffectationSerializer(affectation).data, status=code)

    def create(self, request, *args, **kwargs):
        entree = AffecterSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        lycee = get_object_or_404(
            Lycee.objects.visible_to(request).select_related("organisation"),
            uuid=entree.validated_data["lycee"],
        )
        annee = _annee(entree.validated_data.get("annee"))
        operateur = _operateur(entree.validated_data["operateur"])
        resultat = services.affecter_lycee(
            request, lycee, annee, operateur, _choix_seances(entree.validated_data, operateur)
        )
        return self._reponse(
            resultat.affectation, status.HTTP_201_CREATED if resultat.cree else status.HTTP_200_OK
        )

    def update(self, request, *args, **kwargs):
        affectation = self.get_object()
        entree = ChangerOperateurSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        operateur = _operateur(entree.validated_data["operateur"])
        resultat = services.affecter_lycee(
            request,
            affectation.lycee,
            affectation.annee,
            operateur,
            _choix_seances(entree.validated_data, operateur),
        )
        return self._reponse(resultat.affectation)

    def perform_destroy(self, instance):
        services.retirer_affectation(self.request, instance.lycee, instance.annee)

    @extend_schema(
        summary="Désigner les conseillers (administrateur de l'opérateur)",
        request=ConseillersEcritureSerializer,
        responses=AffectationSerializer,
    )
    @action(detail=True, methods=["post"])
    def conseillers(self, request, uuid=None):
        affectation = self.get_object()
        entree = ConseillersEcritureSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        demandes = set(entree.validated_data["conseillers"])
        conseillers = list(User.objects.filter(uuid__in=demandes))
        inconnus = demandes - {u.uuid for u in conseillers}
        if inconnus:
            # Worded like the service's refusal: an unknown account and another organisation's look alike.
            raise ValidationError(
                {"conseillers": [services.message_conseillers_refuses(affectation, inconnus)]}
            )
        services.designer_conseillers(request, affectation, conseillers)
        return self._reponse(affectation)

    @extend_schema(
        summary="Répartition France Travail / missions locales (pilotes)",
        parameters=[PARAMETRE_ANNEE],
        responses=JaugeSerializer,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def jauge(self, request):
        annee = _annee(request.query_params.get("annee"))
        return Response(JaugeSerializer(services.jauge(request, annee)).data)


router.register("affectations", AffectationViewSet, basename="affectation")
