"""``/api/v1/journal-acces/``: the access log for data-protection officers (the rule is
``avenirpro.journal.consulter``, shared with the page « Journal des accès »)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError

from avenirpro import journal
from avenirpro.access import en_perimetre
from avenirpro.api.serialisation import LectureRapide
from avenirpro.filtres import MESSAGE_VIDE
from avenirpro.models import EntreeJournal


class ParametresSerializer(serializers.Serializer):
    eleve = serializers.UUIDField(required=False, help_text="UUID d'un élève : les lectures qui le nomment")
    recherche = serializers.CharField(required=False, max_length=100, help_text="Nom ou prénom d'un élève")
    utilisateur = serializers.EmailField(
        required=False, max_length=254, help_text="Adresse e-mail du lecteur"
    )
    organisation = serializers.CharField(
        required=False, max_length=100, help_text="Partie du nom de l'organisation du lecteur"
    )
    du = serializers.DateField(required=False, help_text="À partir de ce jour (inclus), AAAA-MM-JJ")
    au = serializers.DateField(required=False, help_text="Jusqu'à ce jour (inclus), AAAA-MM-JJ")


class EleveLuSerializer(LectureRapide, serializers.Serializer):
    uuid = serializers.UUIDField()
    nom = serializers.CharField(
        help_text="Prénom et nom ; « Élève anonymisé » passé la durée de conservation"
    )


class EntreeJournalSerializer(LectureRapide, serializers.ModelSerializer):
    utilisateur = serializers.CharField(source="utilisateur_email")
    organisation = serializers.CharField(source="organisation_nom")
    eleves = serializers.SerializerMethodField()

    class Meta:
        model = EntreeJournal
        fields = [
            "horodatage",
            "utilisateur",
            "organisation",
            "role",
            "nature",
            "ressource",
            "chemin",
            "adresse",
            "nb_eleves",
            "eleves",
        ]
        read_only_fields = fields

    @extend_schema_field(EleveLuSerializer(many=True))
    def get_eleves(self, entree) -> list[dict]:
        noms = self.context.get("noms", {})
        return [{"uuid": u, "nom": noms.get(u, "Élève anonymisé")} for u in entree.liste_eleves]


@extend_schema(
    summary="Journal des accès",
    description="Les lectures des données des élèves que vous pouvez consulter comme délégué à la protection "
    "des données : celles des élèves des lycées de votre académie, ou celles faites par les utilisateurs de "
    "votre réseau (France Travail, UNML). Réservé au rôle DPD.",
    parameters=[ParametresSerializer],
    tags=["journal"],
)
class JournalAccesView(generics.ListAPIView):
    serializer_class = EntreeJournalSerializer
    queryset = EntreeJournal.objects.none()  # the schema's model; get_queryset gives the rows

    def get_queryset(self):
        perimetre = en_perimetre(self.request)
        if not perimetre.est_dpd:
            raise PermissionDenied(
                "Le journal des accès est réservé aux délégués à la protection des données."
            )
        vides = [nom for nom in ParametresSerializer().fields if self.request.query_params.get(nom) == ""]
        if vides:
            raise ValidationError({nom: [MESSAGE_VIDE] for nom in vides})
        parametres = ParametresSerializer(data=self.request.query_params)
        parametres.is_valid(raise_exception=True)
        donnees = parametres.validated_data
        filtres = journal.Filtres(
            eleve=str(donnees["eleve"]) if donnees.get("eleve") else None,
            recherche=donnees.get("recherche", "").strip(),
            utilisateur=donnees.get("utilisateur", ""),
            organisation=donnees.get("organisation", "").strip(),
            du=donnees.get("du"),
            au=donnees.get("au"),
        )
        try:
            return journal.consulter(perimetre, filtres)
        except DjangoValidationError as e:
            raise ValidationError(e.message_dict) from e

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._noms = journal.identifier(page or [])
        return page

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "noms": getattr(self, "_noms", {})}
