"""API of the collective phase — seances."""

from django.db.models import Count, Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ateliers import services
from ateliers.api.serializers import (
    UUID_REGEX,
    PresenceSerializer,
    PresencesSerializer,
    SeanceDetailSerializer,
    SeanceEcritureSerializer,
    SeanceSerializer,
)
from ateliers.filters import SeanceFilter
from ateliers.models import Seance
from ateliers.perms import get_seance_for_user
from ateliers.queries import compter_presences
from ateliers.views import conseillers_prefetch
from avenirpro import journal
from avenirpro.access import en_perimetre
from avenirpro.api.router import router
from avenirpro.filtres import AnneeCouranteParDefaut, pour_api
from lycees.models import Division

# --- Séances ----------------------------------------------------------------------------------------


def _seances(user, comptes: bool = True):
    """Séances with their classes and counsellors; ``comptes``: annotated with their attendance counts
    (one séance), else a list counts its page's rows only (``queries.compter_presences``)."""
    qs = (
        Seance.objects.visible_to(user)
        .select_related("lycee", "annee")
        .prefetch_related(
            Prefetch(
                "divisions", queryset=Division.objects.visible_to(user).order_by("nom"), to_attr="classes"
            ),
            conseillers_prefetch(),
        )
    )
    if not comptes:
        return qs
    return qs.annotate(
        nb_presences=Count("presences"), nb_presents=Count("presences", filter=Q(presences__present=True))
    )


@extend_schema_view(
    list=extend_schema(
        summary="Séances visibles",
    ),
    retrieve=extend_schema(summary="Une séance, avec ses alertes", responses=SeanceDetailSerializer),
    create=extend_schema(
        summary="Planifier une séance (conseiller désigné)",
        request=SeanceEcritureSerializer,
        responses={201: SeanceDetailSerializer},
    ),
    update=extend_schema(
        summary="Modifier une séance", request=SeanceEcritureSerializer, responses=SeanceDetailSerializer
    ),
    partial_update=extend_schema(
        summary="Modifier une séance", request=SeanceEcritureSerializer, responses=SeanceDetailSerializer
    ),
    destroy=extend_schema(summary="Supprimer une séance saisie par erreur (une séance réalisée reste)"),
)
class SeanceViewSet(AnneeCouranteParDefaut, viewsets.ModelViewSet):
    filterset_class = pour_api(SeanceFilter)
    serializer_class = SeanceSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return _seances(self.request, comptes=self.action != "list").order_by("-date", "-heure_debut", "pk")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return compter_presences(page) if page is not None and self.action == "list" else page

    def get_serializer_class(self):
        return SeanceDetailSerializer if self.action != "list" else SeanceSerializer

    def _reponse(self, seance, code=status.HTTP_200_OK):
        seance = _seances(self.request).get(pk=seance.pk)
        return Response(
            SeanceDetailSerializer(seance, context=self.get_serializer_context()).data, status=code
        )

    def create(self, request, *args, **kwargs):
        ecriture = SeanceEcritureSerializer(data=request.data)
        ecriture.is_valid(raise_exception=True)
        donnees = ecriture.pour_le_service(request)
        lycee = donnees.pop("lycee")
        seance = services.planifier_seance(request, lycee=lycee, **donnees)
        return self._reponse(seance, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        seance = self.get_object()
        ecriture = SeanceEcritureSerializer(data=request.data, partial=partial, creation=False)
        ecriture.is_valid(raise_exception=True)
        services.modifier_seance(seance, request, **ecriture.pour_le_service(request, seance.lycee))
        return self._reponse(seance)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        services.supprimer_seance(self.get_object(), request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Déclarer la séance réalisée (ouvre le questionnaire)", request=None)
    @action(detail=True, methods=["post"])
    def realiser(self, request, uuid=None):
        return self._reponse(services.realiser_seance(self.get_object(), request))

    @extend_schema(summary="Annuler une séance prévue", request=None)
    @action(detail=True, methods=["post"])
    def annuler(self, request, uuid=None):
        return self._reponse(services.annuler_seance(self.get_object(), request))

    @extend_schema(
        methods=["GET"],
        summary="Présences de la séance (tous présents par défaut)",
        responses=PresencesSerializer,
    )
    @extend_schema(
        methods=["PUT"],
        summary="Remplacer les présences",
        description="Liste de {eleve, present}. Un élève non mentionné est présent ; un élève hors des "
        "classes de la séance fait refuser toute la saisie (400), rien n'est changé.",
        request=PresenceSerializer(many=True),
        responses=PresencesSerializer,
    )
    @action(detail=True, methods=["get", "put"], pagination_class=None)
    def presences(self, request, uuid=None):
        user = en_perimetre(request)
        seance, _droits = get_seance_for_user(request, uuid)
        if request.method == "PUT":
            lignes = PresenceSerializer(data=request.data, many=True, max_length=2000)
            lignes.is_valid(raise_exception=True)
            services.enregistrer_presences(
                seance,
                user,
                absents=[ligne["eleve"] for ligne in lignes.validated_data if not ligne["present"]],
                presents=[ligne["eleve"] for ligne in lignes.validated_data if ligne["present"]],
            )
        etat = services.etat_presences(seance, user)
        lus = list(services.eleves_de_seance(seance, user))
        journal.noter(request, lus, nature=journal.Nature.API)
        eleves = [
            {
                "eleve": e.uuid,
                "nom": e.nom,
                "prenom": e.prenom,
                "division": e.division.nom,
                "present": etat.get(e.pk, True),
                "saisie": e.pk in etat,
            }
            for e in lus
        ]
        return Response(
            PresencesSerializer(
                {"presents": sum(1 for e in eleves if e["present"]), "total": len(eleves), "eleves": eleves}
            ).data
        )


router.register("seances", SeanceViewSet, basename="seance")
