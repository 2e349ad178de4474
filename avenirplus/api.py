"""API of AvenirPro+ under ``/api/v1/avenirplus/``: ``cohorte/``, ``contacts/``, ``reunions/`` (+
``…/presences/``), ``inscriptions/`` (+ ``…/referents/``, ``…/entretien/``), ``actions/``, ``sorties/``,
``partenaires/`` (+ ``…/mission-locale/``, ``…/conseillers/``).
Reads go through ``visible_to`` and the access log (``JournaliseMixin``); writes call avenirplus/services,
like the pages (a French ``ValidationError`` is a 400, ``PermissionDenied`` a 403)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from avenirplus import perms, services
from avenirplus.enums import IssueSortie, MoyenContact, ReponseContact, StatutAction, TypeAction
from avenirplus.filters import InscriptionFilter, MembreCohorteFilter, ReunionFilter
from avenirplus.models import Action, Contact, Inscription, Invitation, MembreCohorte, Reunion, Sortie
from avenirpro import journal
from avenirpro.access import en_perimetre
from avenirpro.api.fields import UuidVisibleField
from avenirpro.api.router import router
from avenirpro.api.serialisation import LectureRapide
from avenirpro.filtres import pour_api

UUID_REGEX = "[0-9a-fA-F-]{36}"


class PersonneAvenirPlusSerializer(LectureRapide, serializers.Serializer):
    uuid = serializers.UUIDField()
    nom = serializers.CharField()


@extend_schema_field(OpenApiTypes.UUID)
class UuidVisible(UuidVisibleField):
    """A uuid among the objects the user reads (400 « introuvable » otherwise)."""


def _personne(user) -> dict | None:
    return {"uuid": str(user.uuid), "nom": f"{user.prenom} {user.nom}"} if user else None


# --- Reads -----------------------------------------------------------------------------------------


class MembreCohorteSerializer(LectureRapide, serializers.ModelSerializer):
    eleve = serializers.UUIDField(source="eleve.uuid", read_only=True)
    nom = serializers.CharField(source="eleve.nom", read_only=True)
    prenom = serializers.CharField(source="eleve.prenom", read_only=True)
    annee = serializers.IntegerField(source="annee.annee_debut", read_only=True)
    motif_libelle = serializers.CharField(source="get_motif_display", read_only=True)

    class Meta:
        model = MembreCohorte
        fields = [
            "uuid",
            "eleve",
            "nom",
            "prenom",
            "annee",
            "motif",
            "motif_libelle",
            "retire",
            "raison",
            "telephone",
            "email",
            "adresse",
            "refus_le",
            "offre_orientee",
        ]
        read_only_fields = fields


class ContactSerializer(LectureRapide, serializers.ModelSerializer):
    membre = serializers.UUIDField(source="membre.uuid", read_only=True)

    class Meta:
        model = Contact
        fields = ["uuid", "membre", "date", "moyen", "reponse", "autre_solution", "commentaire", "cree_le"]
        read_only_fields = fields


class ReunionSerializer(LectureRapide, serializers.ModelSerializer):
    annee = serializers.IntegerField(source="annee.annee_debut", read_only=True)
    coanimateurs = serializers.SerializerMethodField()

    class Meta:
        model = Reunion
        fields = ["uuid", "annee", "date", "heure", "lieu", "coanimateurs"]
        read_only_fields = fields

    @extend_schema_field(PersonneAvenirPlusSerializer(many=True))
    def get_coanimateurs(self, reunion) -> list[dict]:
        return [_personne(u) for u in reunion.coanimateurs.all()]


class PresenceReunionSerializer(LectureRapide, serializers.ModelSerializer):
    membre = serializers.UUIDField(source="membre.uuid", read_only=True)

    class Meta:
        model = Invitation
        fields = ["uuid", "membre", "moyen", "present"]
        read_only_fields = fields


class InscriptionSerializer(LectureRapide, serializers.ModelSerializer):
    membre = serializers.UUIDField(source="membre.uuid", read_only=True)
    eleve = serializers.UUIDField(source="eleve.uuid", read_only=True)
    annee = serializers.IntegerField(source="annee.annee_debut", read_only=True)
    referent = serializers.SerializerMethodField()
    conseiller = serializers.SerializerMethodField()

    class Meta:
        model = Inscription
        fields = ["uuid", "membre", "eleve", "annee", "debut", "fin", "referent", "conseiller", "cloturee_le"]
        read_only_fields = fields

    @extend_schema_field(PersonneAvenirPlusSerializer(allow_null=True))
    def get_referent(self, inscription) -> dict | None:
        return _personne(inscription.referent)

    @extend_schema_field(PersonneAvenirPlusSerializer(allow_null=True))
    def get_conseiller(self, inscription) -> dict | None:
        return _personne(inscription.conseiller)


class ActionSerializer(LectureRapide, serializers.ModelSerializer):
    inscription = serializers.UUIDField(source="inscription.uuid", read_only=True)

    class Meta:
        model = Action
        fields = ["uuid", "inscription", "type", "debut", "fin", "prestataire", "statut", "notes"]
        read_only_fields = fields


class SortieSerializer(LectureRapide, serializers.ModelSerializer):
    inscription = serializers.UUIDField(source="inscription.uuid", read_only=True)

    class Meta:
        model = Sortie
        fields = ["uuid", "inscription", "date", "issue", "precision"]
        read_only_fields = fields


# --- Writes --------------------------------------------------------------------------------------


def _membres(request):
    return MembreCohorte.objects.visible_to(request)


def _inscriptions(request):
    return Inscription.objects.visible_to(request)


class ContactEcritureSerializer(serializers.Serializer):
    membre = UuidVisible(queryset_pour=_membres)
    date = serializers.DateField()
    moyen = serializers.ChoiceField(choices=MoyenContact.choices)
    reponse = serializers.ChoiceField(choices=ReponseContact.choices)
    autre_solution = serializers.CharField(max_length=200, required=False, allow_blank=True)
    commentaire = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReunionEcritureSerializer(serializers.Serializer):
    annee = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text="Cohorte (2025 pour 2025-2026)"
    )
    date = serializers.DateField()
    heure = serializers.TimeField()
    lieu = serializers.CharField(max_length=200)
    coanimateurs = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=20)


class PresencesEcritureSerializer(serializers.Serializer):
    absents = serializers.ListField(
        child=serializers.UUIDField(), max_length=2000, help_text="UUID d'invitations"
    )


class InscriptionEcritureSerializer(serializers.Serializer):
    membre = UuidVisible(queryset_pour=_membres)
    debut = serializers.DateField()
    fin = serializers.DateField(required=False, help_text="Par défaut : quatre mois après le début")


class ReferentsEcritureSerializer(serializers.Serializer):
    referent = serializers.UUIDField()
    conseiller = serializers.UUIDField()


class EntretienConjointEcritureSerializer(serializers.Serializer):
    date = serializers.DateField()
    besoins = serializers.CharField(max_length=5000)


class ActionEcritureSerializer(serializers.Serializer):
    inscription = UuidVisible(queryset_pour=_inscriptions)
    type = serializers.ChoiceField(choices=TypeAction.choices)
    debut = serializers.DateField()
    fin = serializers.DateField()
    prestataire = serializers.CharField(max_length=200, required=False, allow_blank=True)
    statut = serializers.ChoiceField(choices=StatutAction.choices)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class SortieEcritureSerializer(serializers.Serializer):
    inscription = UuidVisible(queryset_pour=_inscriptions)
    date = serializers.DateField()
    issue = serializers.ChoiceField(choices=IssueSortie.choices)
    precision = serializers.CharField(max_length=200, required=False, allow_blank=True)


def _valider(classe, request, **kwargs):
    ecriture = classe(data=request.data, context={"request": request}, **kwargs)
    ecriture.is_valid(raise_exception=True)
    return dict(ecriture.validated_data)


class _SansJournal(viewsets.GenericViewSet):
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX


class _Base(journal.JournaliseMixin, _SansJournal):
    """Every read of a student's data is noted in the access log."""


# --- Viewsets ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Élèves de la cohorte"), retrieve=extend_schema(summary="Un élève")
)
class CohorteViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = MembreCohorteSerializer
    filterset_class = pour_api(MembreCohorteFilter)

    def get_queryset(self):
        return (
            MembreCohorte.objects.visible_to(self.request)
            .select_related("eleve", "annee")
            .order_by("eleve__nom", "eleve__prenom", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary="Contacts de la campagne de juillet"),
    retrieve=extend_schema(summary="Un contact"),
    create=extend_schema(
        summary="Consigner un contact", request=ContactEcritureSerializer, responses={201: ContactSerializer}
    ),
)
class ContactViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    serializer_class = ContactSerializer

    def get_queryset(self):
        return Contact.objects.visible_to(self.request).select_related("membre").order_by("-date", "pk")

    def create(self, request, *args, **kwargs):
        donnees = _valider(ContactEcritureSerializer, request)
        contact = services.enregistrer_contact(request, donnees.pop("membre"), **donnees)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Réunions d'information"),
    retrieve=extend_schema(summary="Une réunion"),
    create=extend_schema(
        summary="Créer la réunion (direction)",
        request=ReunionEcritureSerializer,
        responses={201: ReunionSerializer},
    ),
)
class ReunionViewSet(
    _SansJournal,  # a meeting shows no student; its presences note theirs
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
):
    serializer_class = ReunionSerializer
    filterset_class = pour_api(ReunionFilter)

    def get_queryset(self):
        return (
            Reunion.objects.visible_to(self.request)
            .select_related("annee")
            .prefetch_related("coanimateurs")
            .order_by("-date", "pk")
        )

    def get_object(self):
        reunion, _droits = perms.get_reunion_for_user(self.request, self.kwargs["uuid"])
        return reunion

    def create(self, request, *args, **kwargs):
        from avenirpro.models import AnneeScolaire

        donnees = _valider(ReunionEcritureSerializer, request)
        annee = AnneeScolaire.objects.par_debut(donnees.pop("annee"))
        if annee is None:
            raise serializers.ValidationError({"annee": ["Année scolaire inconnue."]})
        lycee_id = perms.direction_lycee_id(en_perimetre(request))
        possibles = {}
        if lycee_id:
            from lycees.models import Lycee

            possibles = {
                str(u.uuid): u for u in services.coanimateurs_possibles(Lycee.objects.get(pk=lycee_id), annee)
            }
        uuids = {str(u) for u in donnees.pop("coanimateurs", [])}
        if uuids - set(possibles):
            raise serializers.ValidationError({"coanimateurs": ["Conseiller introuvable."]})
        reunion = services.creer_reunion(
            request, annee, coanimateurs=[possibles[u] for u in uuids], **donnees
        )
        return Response(ReunionSerializer(reunion).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Invitations et présences", responses={200: PresenceReunionSerializer(many=True)})
    @action(
        detail=True,
        methods=["get"],
        url_path="presences",
        url_name="presences",
        pagination_class=None,
        filterset_class=None,
    )
    def presences(self, request, uuid=None):
        reunion, _droits = perms.get_reunion_for_user(request, uuid)
        invitations = list(
            Invitation.objects.visible_to(request).filter(reunion=reunion).select_related("membre")
        )
        journal.noter(request, invitations, nature=journal.Nature.API)
        return Response(PresenceReunionSerializer(invitations, many=True).data)

    @extend_schema(
        summary="Saisir les présences (tous présents sauf les absents)",
        request=PresencesEcritureSerializer,
        responses={200: PresenceReunionSerializer(many=True)},
    )
    @presences.mapping.put
    def saisir_presences(self, request, uuid=None):
        reunion, _droits = perms.get_reunion_for_user(request, uuid)
        donnees = _valider(PresencesEcritureSerializer, request)
        services.enregistrer_presences(request, reunion, [str(u) for u in donnees["absents"]])
        return self.presences(request, uuid)


def _choix(queryset, uuid, champ, message):
    user = queryset.filter(uuid=uuid).first()
    if user is None:
        raise serializers.ValidationError({champ: [message]})
    return user


@extend_schema_view(
    list=extend_schema(summary="Inscriptions AvenirPro+ (direction, référents)"),
    retrieve=extend_schema(summary="Une inscription"),
    create=extend_schema(
        summary="Inscrire un élève de la cohorte",
        request=InscriptionEcritureSerializer,
        responses={201: InscriptionSerializer},
    ),
)
class InscriptionViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    serializer_class = InscriptionSerializer
    filterset_class = pour_api(InscriptionFilter)

    def get_queryset(self):
        return (
            Inscription.objects.visible_to(self.request)
            .select_related("membre", "eleve", "annee", "referent", "conseiller")
            .order_by("fin", "pk")
        )

    def get_object(self):
        inscription, _droits = perms.get_inscription_for_user(self.request, self.kwargs["uuid"])
        journal.noter(self.request, inscription, nature=journal.Nature.API)
        return inscription

    def create(self, request, *args, **kwargs):
        donnees = _valider(InscriptionEcritureSerializer, request)
        inscription = services.inscrire(request, donnees.pop("membre"), **donnees)
        return Response(InscriptionSerializer(inscription).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Désigner le référent de parcours et le conseiller ML",
        request=ReferentsEcritureSerializer,
        responses={200: InscriptionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="referents", url_name="referents", filterset_class=None)
    def referents(self, request, uuid=None):
        inscription, _droits = perms.get_inscription_for_user(request, uuid)
        donnees = _valider(ReferentsEcritureSerializer, request)
        referent = _choix(
            services.volontaires(inscription.lycee, inscription.annee),
            donnees["referent"],
            "referent",
            "Le référent de parcours est un professeur volontaire du lycée.",
        )
        conseiller = _choix(
            services.conseillers_partenaires(inscription.lycee, inscription.annee),
            donnees["conseiller"],
            "conseiller",
            "Choisissez un conseiller de la mission locale partenaire.",
        )
        inscription = services.designer_referents(
            request, inscription, referent=referent, conseiller=conseiller
        )
        return Response(InscriptionSerializer(inscription).data)

    @extend_schema(
        summary="Enregistrer l'entretien conjoint",
        request=EntretienConjointEcritureSerializer,
        responses={200: InscriptionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="entretien", url_name="entretien", filterset_class=None)
    def entretien(self, request, uuid=None):
        inscription, _droits = perms.get_inscription_for_user(request, uuid)
        donnees = _valider(EntretienConjointEcritureSerializer, request)
        services.enregistrer_entretien(request, inscription, **donnees)
        return Response(InscriptionSerializer(inscription).data)


@extend_schema_view(
    list=extend_schema(summary="Actions des parcours personnalisés"),
    retrieve=extend_schema(summary="Une action"),
    create=extend_schema(
        summary="Ajouter une action", request=ActionEcritureSerializer, responses={201: ActionSerializer}
    ),
)
class ActionViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    serializer_class = ActionSerializer

    def get_queryset(self):
        return Action.objects.visible_to(self.request).select_related("inscription").order_by("debut", "pk")

    def create(self, request, *args, **kwargs):
        donnees = _valider(ActionEcritureSerializer, request)
        act = services.ajouter_action(request, donnees.pop("inscription"), **donnees)
        return Response(ActionSerializer(act).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Sorties"),
    retrieve=extend_schema(summary="Une sortie"),
    create=extend_schema(
        summary="Enregistrer la sortie", request=SortieEcritureSerializer, responses={201: SortieSerializer}
    ),
)
class SortieViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    serializer_class = SortieSerializer

    def get_queryset(self):
        return Sortie.objects.visible_to(self.request).select_related("inscription").order_by("date", "pk")

    def create(self, request, *args, **kwargs):
        donnees = _valider(SortieEcritureSerializer, request)
        sortie = services.enregistrer_sortie(request, donnees.pop("inscription"), **donnees)
        return Response(SortieSerializer(sortie).data, status=status.HTTP_201_CREATED)


# --- The partner mission locale (no personal data: not in the access log) ------------------------------


class PartenaireSerializer(LectureRapide, serializers.Serializer):
    lycee = serializers.UUIDField(source="lycee.uuid")
    nom = serializers.CharField(source="lycee.nom")
    mission_locale = serializers.SerializerMethodField()
    par_defaut = serializers.BooleanField(help_text="La mission locale opératrice de la phase 1, non choisie")
    conseillers = serializers.SerializerMethodField()

    @extend_schema_field(PersonneAvenirPlusSerializer(allow_null=True))
    def get_mission_locale(self, ligne) -> dict | None:
        ml = ligne.mission_locale
        return {"uuid": str(ml.uuid), "nom": ml.nom} if ml else None

    @extend_schema_field(PersonneAvenirPlusSerializer(many=True))
    def get_conseillers(self, ligne) -> list[dict]:
        return [_personne(u) for u in ligne.conseillers]


class PartenairesParametresSerializer(serializers.Serializer):
    annee = serializers.IntegerField(
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="Cohorte (2025 pour 2025-2026) ; par défaut celle de l'année en cours",
    )


class ChoixPartenaireEcritureSerializer(serializers.Serializer):
    annee = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text="Cohorte (2025 pour 2025-2026)"
    )
    mission_locale = serializers.UUIDField(help_text="Une mission locale de la région académique du lycée")


class ConseillersPartenairesEcritureSerializer(serializers.Serializer):
    annee = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text="Cohorte (2025 pour 2025-2026)"
    )
    conseillers = serializers.ListField(
        child=serializers.UUIDField(), max_length=200, help_text="Conseillers de la mission locale"
    )


def _annee_de(valeur):
    from avenirpro.models import AnneeScolaire

    if valeur is None:
        return services.annee_cohorte()
    annee = AnneeScolaire.objects.par_debut(valeur)
    if annee is None:
        raise serializers.ValidationError({"annee": ["Année scolaire inconnue."]})
    return annee


@extend_schema_view(
    list=extend_schema(
        summary="Lycées et leur mission locale partenaire (pilotes ; mission locale partenaire)",
        parameters=[PartenairesParametresSerializer],
    )
)
class PartenaireViewSet(_SansJournal):
    """A regional pilot's lycées (every lycée for a national pilot), or the lycées a mission locale is the
    partner of (its administrator and counsellors); ``{uuid}`` is the lycée's."""

    serializer_class = PartenaireSerializer
    filterset_class = None

    def get_queryset(self):
        from lycees.models import Lycee

        return Lycee.objects.none()

    def _lycees(self, request, annee):
        from lycees.models import Lycee

        p = en_perimetre(request)
        if perms.lit_partenaires_regionaux(p):
            return Lycee.objects.visible_to(p).select_related("organisation").order_by("nom", "pk")
        ml = perms.mission_locale_lue(p)
        if ml is not None:
            return services.lycees_de_la_mission_locale(ml, annee)
        raise PermissionDenied("Réservé aux pilotes et aux missions locales partenaires d'AvenirPro+.")

    def list(self, request, *args, **kwargs):
        parametres = PartenairesParametresSerializer(data=request.query_params)
        parametres.is_valid(raise_exception=True)
        annee = _annee_de(parametres.validated_data.get("annee"))
        page = self.paginate_queryset(self._lycees(request, annee))
        lignes = services.lignes_partenaires(page, annee)
        return self.get_paginated_response(PartenaireSerializer(lignes, many=True).data)

    @extend_schema(
        summary="Choisir la mission locale partenaire du lycée (pilote régional)",
        request=ChoixPartenaireEcritureSerializer,
        responses={200: PartenaireSerializer},
    )
    @action(detail=True, methods=["post"], url_path="mission-locale", url_name="mission-locale")
    def mission_locale(self, request, uuid=None):
        lycee = perms.get_lycee_des_partenaires(request, uuid)
        donnees = _valider(ChoixPartenaireEcritureSerializer, request)
        annee = _annee_de(donnees["annee"])
        ml = services.missions_locales_de_la_region(lycee.organisation.region_id).filter(
            uuid=donnees["mission_locale"]
        )
        if not ml.exists():
            raise serializers.ValidationError(
                {"mission_locale": ["Choisissez une mission locale de la région académique du lycée."]}
            )
        services.choisir_partenaire(request, lycee, annee, ml.get())
        return Response(PartenaireSerializer(services.lignes_partenaires([lycee], annee)[0]).data)

    @extend_schema(
        summary="Nommer les conseillers disponibles pour le lycée (administrateur de la mission locale)",
        request=ConseillersPartenairesEcritureSerializer,
        responses={200: PartenaireSerializer},
    )
    @action(detail=True, methods=["put"], url_path="conseillers", url_name="conseillers")
    def conseillers(self, request, uuid=None):
        donnees = _valider(ConseillersPartenairesEcritureSerializer, request)
        annee = _annee_de(donnees["annee"])
        lycee = perms.get_lycee_partenaire(request, uuid, annee)
        possibles = {
            str(u.uuid): u for u in services.conseillers_de_la_mission_locale(request.perimetre.organisation)
        }
        uuids = {str(u) for u in donnees["conseillers"]}
        if uuids - set(possibles):
            raise serializers.ValidationError(
                {"conseillers": ["Choisissez parmi les conseillers de la mission locale."]}
            )
        services.nommer_conseillers_partenaires(request, lycee, annee, [possibles[u] for u in uuids])
        return Response(PartenaireSerializer(services.lignes_partenaires([lycee], annee)[0]).data)


router.register("avenirplus/cohorte", CohorteViewSet, basename="cohorte")
router.register("avenirplus/contacts", ContactViewSet, basename="contact")
router.register("avenirplus/reunions", ReunionViewSet, basename="reunion")
router.register("avenirplus/inscriptions", InscriptionViewSet, basename="inscription")
router.register("avenirplus/actions", ActionViewSet, basename="action")
router.register("avenirplus/sorties", SortieViewSet, basename="sortie")
router.register("avenirplus/partenaires", PartenaireViewSet, basename="partenaire")
