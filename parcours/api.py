"""API of the individual follow-up: ``/api/v1/entretiens/``, ``/api/v1/permanences/`` (+ ``reserver/``),
``/api/v1/restitutions/`` (+ ``accuser-reception/``), ``/api/v1/alertes/``, ``/api/v1/resultats/`` (bulk
outcomes) and ``/api/v1/eleves/{uuid}/parcours/`` (the timeline). Same rules and services as the pages;
confidential notes only for the counsellors the policy gives them to (``null`` for everyone else)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ateliers.api.serializers import UUID_REGEX
from avenirpro import journal
from avenirpro.api.fields import HeureField
from avenirpro.api.fields import UuidVisibleField as _UuidVisibleField
from avenirpro.api.router import router
from avenirpro.api.serialisation import LectureRapide
from avenirpro.filtres import AnneeCouranteParDefaut, pour_api
from avenirpro.models import User
from lycees.enums import ResultatExamen, Solution
from lycees.models import Eleve, Lycee
from parcours import perms, timeline
from parcours.enums import Besoin, Modalite, Moment, MotifAlerte, StatutEntretien, StatutRecherche
from parcours.filters import AlerteFilter, EntretienFilter, PermanenceFilter, RestitutionFilter
from parcours.models import AlerteDecrochage, Entretien, Permanence, ReferentClasse, Restitution
from parcours.services import alertes, entretiens, permanences
from parcours.services.fin_annee import enregistrer_grille


@extend_schema_field(OpenApiTypes.UUID)
class UuidVisibleField(_UuidVisibleField):
    """An object by uuid among those one reads; the schema says uuid."""


def _eleves(request):
    return Eleve.objects.visible_to(request)


class PersonneSuiviSerializer(LectureRapide, serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    nom = serializers.CharField(read_only=True)
    prenom = serializers.CharField(read_only=True)


class EleveSuiviSerializer(PersonneSuiviSerializer):
    pass


# --- interviews ----------------------------------------------------------------------------------


class EntretienSerializer(LectureRapide, serializers.ModelSerializer):
    eleve = EleveSuiviSerializer(read_only=True)
    conseiller = PersonneSuiviSerializer(read_only=True)
    lycee = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    heure = HeureField(allow_null=True, read_only=True)
    besoins = serializers.ListField(child=serializers.ChoiceField(choices=Besoin.choices), read_only=True)
    notes_confidentielles = serializers.SerializerMethodField(
        help_text="Seulement pour les conseillers désignés de la structure qui l'a écrit ; null sinon."
    )

    class Meta:
        model = Entretien
        fields = [
            "uuid",
            "eleve",
            "lycee",
            "conseiller",
            "date",
            "heure",
            "duree_minutes",
            "modalite",
            "moment",
            "statut",
            "besoins",
            "prochaine_etape",
            "relance_le",
            "notes_confidentielles",
            "cree_le",
            "modifie_le",
        ]
        read_only_fields = fields

    def get_notes_confidentielles(self, entretien) -> str | None:
        notes = self.context.get("notes", {})
        note = notes.get(entretien.pk)
        return note.texte if note is not None else None


class EntretienEcritureSerializer(serializers.Serializer):
    eleve = UuidVisibleField(queryset_pour=_eleves, help_text="UUID de l'élève (de vos lycées cette année).")
    date = serializers.DateField()
    heure = HeureField(required=False, allow_null=True)
    duree_minutes = serializers.IntegerField(min_value=5, max_value=240, default=30)
    modalite = serializers.ChoiceField(choices=Modalite.choices)
    moment = serializers.ChoiceField(choices=Moment.choices)
    statut = serializers.ChoiceField(choices=StatutEntretien.choices, default=StatutEntretien.REALISE)
    besoins = serializers.ListField(
        child=serializers.ChoiceField(choices=Besoin.choices), required=False, max_length=len(Besoin.values)
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    prochaine_etape = serializers.CharField(required=False, allow_blank=True, max_length=300)
    relance_le = serializers.DateField(required=False, allow_null=True)
    restitution_statut = serializers.ChoiceField(
        choices=StatutRecherche.choices, required=False, allow_blank=True
    )
    restitution_commentaire = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    referent = UuidVisibleField(
        queryset_pour=lambda r: User.objects.filter(
            pk__in=ReferentClasse.objects.visible_to(r).values("professeur_id")
        ),
        required=False,
        allow_null=True,
        help_text="UUID du professeur référent (facultatif quand la classe en a un seul).",
    )


@extend_schema_view(
    list=extend_schema(summary="Les entretiens individuels"),
    retrieve=extend_schema(summary="Un entretien"),
    create=extend_schema(
        summary="Enregistrer un entretien (conseiller désigné), avec sa restitution facultative",
        request=EntretienEcritureSerializer,
        responses={201: EntretienSerializer},
    ),
)
class EntretienViewSet(
    AnneeCouranteParDefaut,
    journal.JournaliseMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = pour_api(EntretienFilter)
    serializer_class = EntretienSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return (
            Entretien.objects.visible_to(self.request)
            .select_related("eleve", "lycee", "conseiller")
            .defer("conseiller__password")
            .order_by("-date", "-pk")
        )

    def _contexte(self, objets):
        return {
            **self.get_serializer_context(),
            "notes": perms.notes_lisibles(self.request.perimetre, objets),
        }

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(
            EntretienSerializer(page, many=True, context=self._contexte(page)).data
        )

    def retrieve(self, request, *args, **kwargs):
        entretien = self.get_object()
        return Response(EntretienSerializer(entretien, context=self._contexte([entretien])).data)

    def create(self, request, *args, **kwargs):
        ecriture = EntretienEcritureSerializer(data=request.data, context=self.get_serializer_context())
        ecriture.is_valid(raise_exception=True)
        donnees = dict(ecriture.validated_data)
        eleve = donnees.pop("eleve")
        entretien = entretiens.enregistrer_entretien(request, eleve, **donnees)
        entretien = self.get_queryset().get(pk=entretien.pk)
        journal.noter(request, entretien, nature=journal.Nature.API)
        return Response(
            EntretienSerializer(entretien, context=self._contexte([entretien])).data,
            status=status.HTTP_201_CREATED,
        )


# --- office hours --------------------------------------------------------------------------------


class PermanenceSerializer(LectureRapide, serializers.ModelSerializer):
    lycee = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    conseiller = PersonneSuiviSerializer(read_only=True)
    debut = HeureField(read_only=True)
    fin = HeureField(read_only=True)
    creneaux_libres = serializers.SerializerMethodField()

    class Meta:
        model = Permanence
        fields = [
            "uuid",
            "lycee",
            "conseiller",
            "date",
            "debut",
            "fin",
            "salle",
            "duree_creneau",
            "creneaux_libres",
        ]
        read_only_fields = fields

    def get_creneaux_libres(self, permanence) -> list[str]:
        pris = permanences.reservations(permanence)
        return [h.strftime("%H:%M") for h in permanences.creneaux(permanence) if h not in pris]


class PermanenceEcritureSerializer(serializers.Serializer):
    lycee = UuidVisibleField(queryset_pour=lambda r: Lycee.objects.visible_to(r))
    date = serializers.DateField()
    debut = HeureField()
    fin = HeureField()
    duree_creneau = serializers.IntegerField(min_value=10, max_value=120, default=30)
    salle = serializers.CharField(required=False, allow_blank=True, max_length=100)


class ReservationSerializer(LectureRapide, serializers.Serializer):
    eleve = UuidVisibleField(queryset_pour=_eleves)
    heure = HeureField()


@extend_schema_view(
    list=extend_schema(summary="Les permanences"),
    retrieve=extend_schema(summary="Une permanence et ses créneaux libres"),
    create=extend_schema(
        summary="Publier une permanence (conseiller désigné)",
        request=PermanenceEcritureSerializer,
        responses={201: PermanenceSerializer},
    ),
)
class PermanenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = pour_api(PermanenceFilter)
    serializer_class = PermanenceSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return (
            Permanence.objects.visible_to(self.request)
            .select_related("lycee", "conseiller")
            .order_by("date", "debut", "pk")
        )

    def create(self, request, *args, **kwargs):
        ecriture = PermanenceEcritureSerializer(data=request.data, context=self.get_serializer_context())
        ecriture.is_valid(raise_exception=True)
        donnees = dict(ecriture.validated_data)
        permanence = permanences.publier_permanence(request, donnees.pop("lycee"), **donnees)
        return Response(PermanenceSerializer(permanence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Réserver un créneau pour un élève (un entretien prévu)",
        request=ReservationSerializer,
        responses={201: EntretienSerializer},
    )
    @action(detail=True, methods=["post"])
    def reserver(self, request, uuid=None):
        permanence = self.get_object()
        ecriture = ReservationSerializer(data=request.data, context=self.get_serializer_context())
        ecriture.is_valid(raise_exception=True)
        entretien = permanences.reserver(
            request, permanence, ecriture.validated_data["eleve"], ecriture.validated_data["heure"]
        )
        journal.noter(request, entretien, nature=journal.Nature.API)
        return Response(
            EntretienSerializer(entretien, context={"notes": {}}).data, status=status.HTTP_201_CREATED
        )


# --- restitutions --------------------------------------------------------------------------------


class RestitutionSerializer(LectureRapide, serializers.ModelSerializer):
    eleve = EleveSuiviSerializer(read_only=True)
    auteur = PersonneSuiviSerializer(read_only=True)
    referent = PersonneSuiviSerializer(read_only=True)
    entretien = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = Restitution
        fields = [
            "uuid",
            "eleve",
            "entretien",
            "auteur",
            "referent",
            "statut",
            "commentaire",
            "cree_le",
            "lue_le",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Les restitutions aux professeurs référents"),
    retrieve=extend_schema(summary="Une restitution"),
)
class RestitutionViewSet(
    journal.JournaliseMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    filterset_class = pour_api(RestitutionFilter)
    serializer_class = RestitutionSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return (
            Restitution.objects.visible_to(self.request)
            .select_related("eleve", "entretien", "auteur", "referent")
            .order_by("-cree_le", "-pk")
        )

    @extend_schema(
        summary="Accuser réception (le professeur référent destinataire)",
        request=None,
        responses=RestitutionSerializer,
    )
    @action(detail=True, methods=["post"], url_path="accuser-reception")
    def accuser_reception(self, request, uuid=None):
        restitution = entretiens.accuser_reception(request, self.get_object())
        return Response(RestitutionSerializer(restitution).data)


# --- alerts --------------------------------------------------------------------------------------


class AlerteSerializer(LectureRapide, serializers.ModelSerializer):
    eleve = EleveSuiviSerializer(read_only=True)
    auteur = PersonneSuiviSerializer(read_only=True)
    lycee = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = AlerteDecrochage
        fields = [
            "uuid",
            "eleve",
            "lycee",
            "auteur",
            "motif",
            "description",
            "statut",
            "issue",
            "cree_le",
            "close_le",
        ]
        read_only_fields = fields


class AlerteEcritureSerializer(serializers.Serializer):
    eleve = UuidVisibleField(queryset_pour=_eleves)
    motif = serializers.ChoiceField(choices=MotifAlerte.choices)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000)


@extend_schema_view(
    list=extend_schema(summary="Les alertes décrochage"),
    retrieve=extend_schema(summary="Une alerte décrochage"),
    create=extend_schema(
        summary="Lever une alerte", request=AlerteEcritureSerializer, responses={201: AlerteSerializer}
    ),
)
class AlerteViewSet(
    journal.JournaliseMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    filterset_class = pour_api(AlerteFilter)
    serializer_class = AlerteSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return (
            AlerteDecrochage.objects.visible_to(self.request)
            .select_related("eleve", "lycee", "auteur")
            .order_by("-cree_le", "-pk")
        )

    def create(self, request, *args, **kwargs):
        ecriture = AlerteEcritureSerializer(data=request.data, context=self.get_serializer_context())
        ecriture.is_valid(raise_exception=True)
        donnees = dict(ecriture.validated_data)
        alerte = alertes.lever_alerte(request, donnees.pop("eleve"), **donnees)
        journal.noter(request, alerte, nature=journal.Nature.API)
        return Response(AlerteSerializer(alerte).data, status=status.HTTP_201_CREATED)


# --- the timeline ----------------------------------------------------------------------------------


class FaitSerializer(LectureRapide, serializers.Serializer):
    date = serializers.DateField()
    nature = serializers.ChoiceField(
        choices=["atelier", "evenement", "entretien", "alerte", "restitution", "fin_annee"]
    )
    titre = serializers.CharField()
    details = serializers.ListField(child=serializers.CharField())
    notes_confidentielles = serializers.CharField(allow_null=True, source="note_ou_rien")


@extend_schema_view(
    list=extend_schema(
        summary="Le parcours d'un élève (ce que votre rôle peut en lire), le plus récent d'abord",
        responses={200: FaitSerializer(many=True), 404: OpenApiResponse(description="Élève introuvable")},
    )
)
class ParcoursEleveViewSet(viewsets.ViewSet):
    pagination_class = None

    def list(self, request, uuid=None):
        eleve, _ = perms.get_eleve_suivi_for_user(request, uuid)
        faits, _lus = timeline.chronologie(request.perimetre, eleve)
        journal.noter(request, eleve, nature=journal.Nature.API)
        for fait in faits:
            fait.note_ou_rien = fait.note or None
        return Response(FaitSerializer(faits, many=True).data)


# --- bulk outcomes ---------------------------------------------------------------------------------


class ResultatSerializer(LectureRapide, serializers.Serializer):
    eleve = UuidVisibleField(queryset_pour=_eleves)
    resultat_examen = serializers.ChoiceField(
        choices=ResultatExamen.choices, required=False, allow_blank=True
    )
    solution = serializers.ChoiceField(choices=Solution.choices, required=False, allow_blank=True)
    solution_le = serializers.DateField(required=False, allow_null=True)
    solution_precision = serializers.CharField(required=False, allow_blank=True, max_length=200)
    parcoursup_accepte = serializers.BooleanField(required=False, default=False)
    parcoursup_formation = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ResultatsViewSet(viewsets.ViewSet):
    @extend_schema(
        summary="Enregistrer la fin d'année de plusieurs élèves (tout ou rien)",
        request=ResultatSerializer(many=True),
        responses={
            200: inline_serializer("ResultatsEnregistres", {"modifies": serializers.IntegerField()}),
            400: OpenApiResponse(description="Saisie invalide : rien n'est enregistré"),
        },
    )
    def create(self, request):
        ecriture = ResultatSerializer(data=request.data, many=True, context={"request": request})
        ecriture.is_valid(raise_exception=True)
        par_classe: dict = {}
        for ligne in ecriture.validated_data:
            eleve = ligne.pop("eleve")
            if eleve.division_id is None:
                raise ValidationError({"eleve": f"{eleve} n'a pas de classe."})
            par_classe.setdefault(eleve.division, {})[eleve.pk] = ligne
        modifies = 0
        with transaction.atomic():
            for division, lignes in par_classe.items():
                modifies += enregistrer_grille(request, division, lignes)
        return Response({"modifies": modifies})


router.register("entretiens", EntretienViewSet, basename="entretien")
router.register("permanences", PermanenceViewSet, basename="permanence")
router.register("restitutions", RestitutionViewSet, basename="restitution")
router.register("alertes", AlerteViewSet, basename="alerte")
router.register("resultats", ResultatsViewSet, basename="resultats")
router.register(rf"eleves/(?P<uuid>{UUID_REGEX})/parcours", ParcoursEleveViewSet, basename="eleve-parcours")
