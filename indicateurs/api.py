"""API of the indicators: ``/api/v1/indicateurs/`` (the figures of a scope and a period one may see) and
``/api/v1/indicateurs/remontees/`` (returns, their status and files; ``…/valider/``, ``…/transmettre/``).
Counts only: no name of anyone appears. The steps call indicateurs/services, like the pages."""

import datetime

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from ateliers.api.serializers import UUID_REGEX
from avenirpro.access import en_perimetre
from avenirpro.api.router import router
from avenirpro.api.schema import AutoSchema
from avenirpro.api.serialisation import LectureRapide
from avenirpro.models import AnneeScolaire
from indicateurs import perms, services
from indicateurs.calcul import PorteeIntrouvable, Source, calculer
from indicateurs.definitions import Fenetre, definitions_en_dict
from indicateurs.models import Remontee

CHIFFRES = inline_serializer(
    "Chiffres",
    {
        "portee": serializers.CharField(),
        "libelle_portee": serializers.CharField(),
        "fenetre": inline_serializer(
            "Fenetre", {"du": serializers.DateField(), "au": serializers.DateField()}
        ),
        "version_definitions": serializers.CharField(),
        "indicateurs": serializers.DictField(
            child=serializers.DictField(),
            help_text="Par code d'indicateur : « total » et des ventilations « par_reseau », « par_region », "
            "« par_academie », « par_diplome » ou « par_type » (objets clé → valeur).",
        ),
        "definitions": serializers.ListField(child=serializers.DictField()),
    },
)


def _date(request, nom):
    valeur = request.query_params.get(nom)
    if valeur is None:
        return None
    try:
        return datetime.date.fromisoformat(valeur.strip())
    except ValueError:
        raise ValidationError({nom: ["Date invalide : écrivez-la AAAA-MM-JJ."]}) from None


class UnObjet(AutoSchema):
    """``list`` here answers ONE object (the figures of a scope), not an array of them."""

    def _is_list_view(self, serializer=None):
        return False


class IndicateursViewSet(viewsets.ViewSet):
    schema = UnObjet()

    @extend_schema(
        summary="Les indicateurs d'un périmètre sur une période",
        parameters=[
            OpenApiParameter(
                "perimetre",
                str,
                description="« national », « reseau:france_travail », « reseau:missions_locales », "
                "« region:<code> », « academie:<code> », « operateur:<uuid> », « lycee:<uuid> » ; "
                "par défaut le vôtre.",
            ),
            OpenApiParameter("du", OpenApiTypes.DATE, description="Premier jour (défaut : 1er septembre)."),
            OpenApiParameter("au", OpenApiTypes.DATE, description="Dernier jour (défaut : aujourd'hui)."),
        ],
        responses={200: CHIFFRES},
    )
    def list(self, request):
        p = en_perimetre(request)
        try:
            resolue = perms.portee_pour(p, request.query_params.get("perimetre"))
        except PorteeIntrouvable:
            raise NotFound() from None
        except ValueError as exc:
            raise ValidationError({"perimetre": [str(exc)]}) from None
        aujourd_hui = timezone.localdate()
        debut = AnneeScolaire.date_debut_pour(aujourd_hui)
        demande_du, demande_au = _date(request, "du"), _date(request, "au")
        if demande_du is None and demande_au is None:
            # The school year to date, as the « Indicateurs » page reads it: a kept scope's dashboard (at
            # most 15 minutes old), a smaller scope's live count kept a few minutes.
            chiffres, _calcule_le, _minutes = services.chiffres_de_l_annee(p, resolue, aujourd_hui)
            if chiffres is not None:
                chiffres = {k: v for k, v in chiffres.items() if k not in ("tendance", "qualite")}
                return Response({**chiffres, "definitions": definitions_en_dict()})
        du, au = demande_du or debut, demande_au or aujourd_hui
        try:
            fenetre = Fenetre(du, au)
        except ValueError as exc:
            raise ValidationError({"au": [str(exc)]}) from None
        if (fenetre.au - fenetre.du).days > 3 * 366:
            raise ValidationError({"du": ["La période couvre au plus trois années scolaires."]})
        resultat = calculer(Source.pour(p), resolue, fenetre)
        return Response({**resultat, "definitions": definitions_en_dict()})


class RemonteeSerializer(LectureRapide, serializers.ModelSerializer):
    statut_libelle = serializers.CharField(source="get_statut_display", read_only=True)
    fichiers = serializers.SerializerMethodField()

    class Meta:
        model = Remontee
        fields = [
            "uuid",
            "type",
            "niveau",
            "cle",
            "libelle_portee",
            "echeance",
            "version",
            "statut",
            "statut_libelle",
            "version_definitions",
            "empreinte",
            "genere_le",
            "validee_le",
            "transmise_le",
            "chiffres",
            "qualite",
            "differences",
            "fichiers",
        ]
        read_only_fields = fields

    def get_fichiers(self, remontee) -> dict[str, str]:
        requete = self.context.get("request")
        liens = {
            extension: reverse(f"indicateurs:remontee_{extension}", kwargs={"uuid": remontee.uuid})
            for extension in ("pdf", "xlsx", "csv")
        }
        return {k: requete.build_absolute_uri(v) if requete else v for k, v in liens.items()}


class RemonteeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = RemonteeSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return perms.remontees_visibles(self.request).order_by("-echeance", "niveau", "cle", "-version", "pk")

    def get_object(self):
        remontee, _ = perms.get_remontee_for_user(self.request, self.kwargs["uuid"])
        return remontee

    def _etape(self, request, etape):
        remontee = etape(en_perimetre(request), self.get_object())
        return Response(RemonteeSerializer(remontee, context=self.get_serializer_context()).data)

    @extend_schema(summary="Valider une remontée compilée", request=None, responses={200: RemonteeSerializer})
    @action(detail=True, methods=["post"])
    def valider(self, request, uuid=None):
        return self._etape(request, services.valider_remontee)

    @extend_schema(
        summary="Transmettre une remontée validée", request=None, responses={200: RemonteeSerializer}
    )
    @action(detail=True, methods=["post"])
    def transmettre(self, request, uuid=None):
        return self._etape(request, services.transmettre_remontee)


# « indicateurs/remontees » first: the list of figures answers only at « indicateurs/ ».
router.register("indicateurs/remontees", RemonteeViewSet, basename="remontee")
router.register("indicateurs", IndicateursViewSet, basename="indicateurs")
