"""API of the collective phase: ``/api/v1/seances/`` (with ``…/presences/``, ``…/realiser/``, ``…/annuler/``)
and ``/api/v1/evenements/``. Reads go through ``visible_to``; every write calls ateliers/services.py, like
the pages (its French ``ValidationError`` becomes a 400, its ``PermissionDenied`` a 403)."""

from django.db.models import Count, Prefetch, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ateliers import services
from ateliers.enums import Partenaire, ServiceNumerique, StatutSeance, Theme, TypeEvenement
from ateliers.models import Evenement, Seance
from ateliers.perms import get_evenement_for_user, get_seance_for_user
from avenirpro.access import en_perimetre
from avenirpro.api.router import router
from avenirpro.models import User
from lycees.models import Division, Eleve, Lycee

UUID_REGEX = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


# --- Serializers (read) -----------------------------------------------------------------------------


class LyceeAtelierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lycee
        fields = ["uuid", "uai", "nom"]


class ClasseAtelierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["uuid", "nom"]


class ConseillerAtelierSerializer(serializers.ModelSerializer):
    nom = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["uuid", "nom"]

    def get_nom(self, user) -> str:
        return str(user)


class AlerteSeanceSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class SeanceSerializer(serializers.ModelSerializer):
    lycee = LyceeAtelierSerializer(read_only=True)
    annee = serializers.CharField(source="annee.__str__", read_only=True)
    theme = serializers.ChoiceField(choices=Theme.choices)
    theme_libelle = serializers.CharField(source="get_theme_display", read_only=True)
    divisions = ClasseAtelierSerializer(source="classes", many=True, read_only=True)
    conseillers = ConseillerAtelierSerializer(many=True, read_only=True)
    services_numeriques = serializers.ListField(
        child=serializers.ChoiceField(choices=ServiceNumerique.choices)
    )
    statut = serializers.ChoiceField(choices=StatutSeance.choices, read_only=True)
    presents = serializers.IntegerField(source="nb_presents", read_only=True)
    presences_saisies = serializers.IntegerField(source="nb_presences", read_only=True)

    class Meta:
        model = Seance
        fields = [
            "uuid",
            "lycee",
            "annee",
            "theme",
            "theme_libelle",
            "divisions",
            "date",
            "heure_debut",
            "duree_minutes",
            "conseillers",
            "membre_equipe_nom",
            "membre_equipe_fonction",
            "services_numeriques",
            "services_numeriques_autre",
            "adaptations_locales",
            "statut",
            "presents",
            "presences_saisies",
            "cree_le",
            "modifie_le",
        ]
        read_only_fields = fields


class SeanceDetailSerializer(SeanceSerializer):
    alertes = serializers.SerializerMethodField()

    class Meta(SeanceSerializer.Meta):
        fields = [*SeanceSerializer.Meta.fields, "alertes"]
        read_only_fields = fields

    @extend_schema_field(AlerteSeanceSerializer(many=True))
    def get_alertes(self, seance) -> list[dict]:
        return [{"code": a.code, "message": a.message} for a in services.alertes_seance(seance)]


# --- Serializers (write) ----------------------------------------------------------------------------


class SeanceEcritureSerializer(serializers.Serializer):
    """Plan (POST) or change (PUT/PATCH) a séance. ``lycee`` only when planning: a séance keeps its lycée."""

    lycee = serializers.UUIDField(help_text="UUID du lycée (à la création seulement)")
    theme = serializers.ChoiceField(choices=Theme.choices)
    divisions = serializers.ListField(
        child=serializers.UUIDField(), allow_empty=False, max_length=50, help_text="UUID des classes"
    )
    date = serializers.DateField()
    heure_debut = serializers.TimeField()
    duree_minutes = serializers.IntegerField(
        help_text="Entre 60 et 120 minutes selon la convention ; 8 h au plus"
    )
    conseillers = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=20,
        help_text="UUID des conseillers qui animent (par défaut : vous)",
    )
    membre_equipe_nom = serializers.CharField(max_length=200, allow_blank=True)
    membre_equipe_fonction = serializers.CharField(max_length=200, allow_blank=True)
    services_numeriques = serializers.ListField(
        child=serializers.ChoiceField(choices=ServiceNumerique.choices), required=False
    )
    services_numeriques_autre = serializers.CharField(max_length=200, required=False, allow_blank=True)
    adaptations_locales = serializers.CharField(required=False, allow_blank=True)

    def __init__(self, *args, creation: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not creation:
            self.fields.pop("lycee")

    def pour_le_service(self, user, lycee: Lycee | None = None) -> dict:
        """The validated data with uuids turned into objects this user may see (else a French 400:
        « introuvable », the same for a foreign object and a missing one, never a name).
        Someone who may not plan in the lycée is refused (403) before anything else is looked at."""
        donnees = dict(self.validated_data)
        if "lycee" in donnees:
            lycee = Lycee.objects.visible_to(user).filter(uuid=donnees["lycee"]).first()
            if lycee is None:
                raise ValidationError({"lycee": ["Lycée introuvable."]})
            services.verifier_animation(user, lycee)
            donnees["lycee"] = lycee
        if "divisions" in donnees:
            uuids = set(donnees["divisions"])
            divisions = list(Division.objects.visible_to(user).filter(uuid__in=uuids))
            manquantes = uuids - {d.uuid for d in divisions}
            if manquantes:
                raise ValidationError(
                    {"divisions": [f"Classe introuvable : {', '.join(sorted(map(str, manquantes)))}."]}
                )
            donnees["divisions"] = divisions
        if "conseillers" in donnees:
            uuids = set(donnees["conseillers"])
            # Among the counsellors named for this lycée (any year): anyone else is « introuvable ».
            conseillers = list(
                User.objects.filter(uuid__in=uuids, is_active=True, affectations__lycee=lycee).distinct()
            )
            manquants = uuids - {c.uuid for c in conseillers}
            if manquants:
                raise ValidationError(
                    {"conseillers": [f"Conseiller introuvable : {', '.join(sorted(map(str, manquants)))}."]}
                )
            donnees["conseillers"] = conseillers
        return donnees


class PresenceSerializer(serializers.Serializer):
    eleve = serializers.UUIDField(help_text="UUID de l'élève")
    present = serializers.BooleanField()


class PresenceLectureSerializer(PresenceSerializer):
    nom = serializers.CharField()
    prenom = serializers.CharField()
    division = serializers.CharField(help_text="Nom de la classe")
    saisie = serializers.BooleanField(
        help_text="Faux tant que les présences ne sont pas saisies (présent par défaut)"
    )


class PresencesSerializer(serializers.Serializer):
    presents = serializers.IntegerField()
    total = serializers.IntegerField()
    eleves = PresenceLectureSerializer(many=True)


# --- Séances ----------------------------------------------------------------------------------------


def _seances(user):
    return (
        Seance.objects.visible_to(user)
        .select_related("lycee", "annee")
        .prefetch_related(
            Prefetch(
                "divisions", queryset=Division.objects.visible_to(user).order_by("nom"), to_attr="classes"
            ),
            "conseillers",
        )
        .annotate(
            nb_presences=Count("presences"), nb_presents=Count("presences", filter=Q(presences__present=True))
        )
    )


@extend_schema_view(
    list=extend_schema(
        summary="Séances visibles",
        parameters=[
            OpenApiParameter("lycee", OpenApiTypes.UUID, description="UUID du lycée"),
            OpenApiParameter("statut", OpenApiTypes.STR, enum=StatutSeance.values),
            OpenApiParameter("theme", OpenApiTypes.INT, enum=Theme.values),
            OpenApiParameter("date_min", OpenApiTypes.DATE),
            OpenApiParameter("date_max", OpenApiTypes.DATE),
        ],
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
class SeanceViewSet(viewsets.ModelViewSet):
    serializer_class = SeanceSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        qs = _seances(self.request).order_by("-date", "-heure_debut", "pk")
        if self.action != "list":
            return qs
        p = self.request.query_params
        filtres = {
            "lycee": ("lycee__uuid", serializers.UUIDField()),
            "statut": ("statut", serializers.ChoiceField(choices=StatutSeance.choices)),
            "theme": ("theme", serializers.ChoiceField(choices=Theme.choices)),
            "date_min": ("date__gte", serializers.DateField()),
            "date_max": ("date__lte", serializers.DateField()),
        }
        for nom, (lookup, champ) in filtres.items():
            if nom in p:
                try:
                    qs = qs.filter(**{lookup: champ.run_validation(p[nom])})
                except ValidationError as e:
                    raise ValidationError({nom: e.detail}) from None
        return qs

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
        eleves = [
            {
                "eleve": e.uuid,
                "nom": e.nom,
                "prenom": e.prenom,
                "division": e.division.nom,
                "present": etat.get(e.pk, True),
                "saisie": e.pk in etat,
            }
            for e in services.eleves_de_seance(seance, user)
        ]
        return Response(
            PresencesSerializer(
                {"presents": sum(1 for e in eleves if e["present"]), "total": len(eleves), "eleves": eleves}
            ).data
        )


# --- Évènements -------------------------------------------------------------------------------------


class EvenementSerializer(serializers.ModelSerializer):
    type_libelle = serializers.CharField(source="get_type_display", read_only=True)
    annee = serializers.CharField(source="annee.__str__", read_only=True)
    lycees = LyceeAtelierSerializer(many=True, read_only=True)
    partenaires = serializers.ListField(child=serializers.ChoiceField(choices=Partenaire.choices))
    organisateur = serializers.SerializerMethodField()
    nb_participants = serializers.IntegerField(read_only=True, help_text="Tous lycées confondus")
    eleves = serializers.SerializerMethodField(help_text="UUID des participants de votre périmètre")

    class Meta:
        model = Evenement
        fields = [
            "uuid",
            "type",
            "type_libelle",
            "titre",
            "date",
            "annee",
            "lycees",
            "partenaires",
            "partenaires_autres",
            "nombre_employeurs",
            "description",
            "organisateur",
            "nb_participants",
            "eleves",
            "cree_le",
            "modifie_le",
        ]
        read_only_fields = fields

    def get_organisateur(self, evenement) -> dict:
        return {"uuid": str(evenement.organisateur.uuid), "nom": evenement.organisateur.nom}

    def get_eleves(self, evenement) -> list[str]:
        return [str(e.uuid) for e in evenement.participants]


class EvenementEcritureSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=TypeEvenement.choices)
    titre = serializers.CharField(max_length=200)
    date = serializers.DateField()
    lycees = serializers.ListField(child=serializers.UUIDField(), allow_empty=False, max_length=50)
    partenaires = serializers.ListField(
        child=serializers.ChoiceField(choices=Partenaire.choices), required=False
    )
    partenaires_autres = serializers.CharField(max_length=300, required=False, allow_blank=True)
    nombre_employeurs = serializers.IntegerField(min_value=0, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    eleves = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=5000,
        help_text="UUID des élèves participants (remplace ceux de votre périmètre)",
    )
    divisions = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=100,
        help_text="Classes dont tous les élèves participent",
    )

    def pour_le_service(self, user) -> dict:
        donnees = dict(self.validated_data)
        if "lycees" in donnees:
            uuids = set(donnees["lycees"])
            lycees = list(Lycee.objects.visible_to(user).filter(uuid__in=uuids))
            if len(lycees) != len(uuids):
                raise ValidationError({"lycees": ["Lycée introuvable."]})
            donnees["lycees"] = lycees
        if "divisions" in donnees:
            uuids = set(donnees["divisions"])
            divisions = list(Division.objects.visible_to(user).filter(uuid__in=uuids))
            if len(divisions) != len(uuids):
                raise ValidationError({"divisions": ["Classe introuvable."]})
            donnees["divisions"] = divisions
        return donnees


def _evenements(user):
    return (
        Evenement.objects.visible_to(user)
        .select_related("annee", "organisateur")
        .prefetch_related(
            "lycees",
            Prefetch("eleves", queryset=Eleve.objects.visible_to(user).only("uuid"), to_attr="participants"),
        )
        .annotate(nb_participants=Count("eleves", distinct=True))
    )


@extend_schema_view(
    list=extend_schema(
        summary="Évènements visibles",
        parameters=[
            OpenApiParameter("lycee", OpenApiTypes.UUID, description="UUID du lycée"),
            OpenApiParameter("type", OpenApiTypes.STR, enum=TypeEvenement.values),
        ],
    ),
    retrieve=extend_schema(summary="Un évènement"),
    create=extend_schema(
        summary="Enregistrer un évènement (conseiller désigné)",
        request=EvenementEcritureSerializer,
        responses={201: EvenementSerializer},
    ),
    update=extend_schema(summary="Modifier un évènement", request=EvenementEcritureSerializer),
    partial_update=extend_schema(summary="Modifier un évènement", request=EvenementEcritureSerializer),
    destroy=extend_schema(summary="Supprimer un évènement saisi par erreur"),
)
class EvenementViewSet(viewsets.ModelViewSet):
    serializer_class = EvenementSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        qs = _evenements(self.request).order_by("-date", "titre", "pk")
        if self.action == "list":
            p = self.request.query_params
            if "lycee" in p:
                try:
                    qs = qs.filter(lycees__uuid=serializers.UUIDField().run_validation(p["lycee"]))
                except ValidationError as e:
                    raise ValidationError({"lycee": e.detail}) from None
            if "type" in p:
                if p["type"] not in TypeEvenement.values:
                    raise ValidationError({"type": ["Type d'évènement inconnu."]})
                qs = qs.filter(type=p["type"])
        return qs

    def _reponse(self, evenement, code=status.HTTP_200_OK):
        evenement = _evenements(self.request).get(pk=evenement.pk)
        return Response(
            EvenementSerializer(evenement, context=self.get_serializer_context()).data, status=code
        )

    def create(self, request, *args, **kwargs):
        ecriture = EvenementEcritureSerializer(data=request.data)
        ecriture.is_valid(raise_exception=True)
        evenement = services.creer_evenement(request, **ecriture.pour_le_service(request))
        return self._reponse(evenement, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        evenement, _droits = get_evenement_for_user(request, kwargs["uuid"])
        ecriture = EvenementEcritureSerializer(data=request.data, partial=partial)
        ecriture.is_valid(raise_exception=True)
        services.modifier_evenement(evenement, request, **ecriture.pour_le_service(request))
        return self._reponse(evenement)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        evenement, _droits = get_evenement_for_user(request, kwargs["uuid"])
        services.supprimer_evenement(evenement, request)
        return Response(status=status.HTTP_204_NO_CONTENT)


router.register("seances", SeanceViewSet, basename="seance")
router.register("evenements", EvenementViewSet, basename="evenement")
