"""API of the collective phase — evenements."""

from django.db.models import Count
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ateliers import services
from ateliers.api.serializers import UUID_REGEX, LyceeAtelierSerializer
from ateliers.enums import Partenaire, TypeEvenement
from ateliers.filters import EvenementFilter
from ateliers.models import Evenement
from ateliers.perms import get_evenement_for_user
from ateliers.queries import compter_participants, uuids_des_participants
from avenirpro.api.router import router
from avenirpro.api.serialisation import LectureRapide
from avenirpro.filtres import AnneeCouranteParDefaut, pour_api
from lycees.models import Division, Lycee

# --- Évènements -------------------------------------------------------------------------------------


class EvenementSerializer(LectureRapide, serializers.ModelSerializer):
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
        return evenement.participants  # ``queries.uuids_des_participants``


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


def _evenements(user, comptes: bool = True):
    """Events with their lycées; ``comptes``: annotated with the number of participants (one event), else
    a list counts its page's rows only (``queries.compter_participants``). Their visible participants are
    read for the events shown (``queries.uuids_des_participants``)."""
    qs = Evenement.objects.visible_to(user).select_related("annee", "organisateur").prefetch_related("lycees")
    return qs.annotate(nb_participants=Count("eleves", distinct=True)) if comptes else qs


@extend_schema_view(
    list=extend_schema(
        summary="Évènements visibles",
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
class EvenementViewSet(AnneeCouranteParDefaut, viewsets.ModelViewSet):
    filterset_class = pour_api(EvenementFilter)
    serializer_class = EvenementSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return _evenements(self.request, comptes=self.action != "list").order_by("-date", "titre", "pk")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is None or self.action != "list":
            return page
        return uuids_des_participants(compter_participants(page), self.request)

    def get_object(self):
        return uuids_des_participants([super().get_object()], self.request)[0]

    def _reponse(self, evenement, code=status.HTTP_200_OK):
        evenement = uuids_des_participants([_evenements(self.request).get(pk=evenement.pk)], self.request)[0]
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


router.register("evenements", EvenementViewSet, basename="evenement")
