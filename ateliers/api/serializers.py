"""API of the collective phase — serializers."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from ateliers import services
from ateliers.enums import ServiceNumerique, StatutSeance, Theme
from ateliers.models import Seance
from avenirpro.api.fields import HeureField
from avenirpro.api.serialisation import LectureRapide
from avenirpro.api.serializers import PersonneSerializer
from avenirpro.models import User
from lycees.models import Division, Lycee

UUID_REGEX = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


# --- Serializers (read) -----------------------------------------------------------------------------


class LyceeAtelierSerializer(LectureRapide, serializers.ModelSerializer):
    class Meta:
        model = Lycee
        fields = ["uuid", "uai", "nom"]


class ClasseAtelierSerializer(LectureRapide, serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["uuid", "nom"]


class AlerteSeanceSerializer(LectureRapide, serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class SeanceSerializer(LectureRapide, serializers.ModelSerializer):
    lycee = LyceeAtelierSerializer(read_only=True)
    annee = serializers.CharField(source="annee.__str__", read_only=True)
    theme = serializers.ChoiceField(choices=Theme.choices)
    theme_libelle = serializers.CharField(source="get_theme_display", read_only=True)
    divisions = ClasseAtelierSerializer(source="classes", many=True, read_only=True)
    conseillers = PersonneSerializer(many=True, read_only=True)
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
            *[c for c in services.CHAMPS_SEANCE if c != "theme"],
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
    heure_debut = HeureField()
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


class PresenceSerializer(LectureRapide, serializers.Serializer):
    eleve = serializers.UUIDField(help_text="UUID de l'élève")
    present = serializers.BooleanField()


class PresenceLectureSerializer(PresenceSerializer):
    nom = serializers.CharField()
    prenom = serializers.CharField()
    division = serializers.CharField(help_text="Nom de la classe")
    saisie = serializers.BooleanField(
        help_text="Faux tant que les présences ne sont pas saisies (présent par défaut)"
    )


class PresencesSerializer(LectureRapide, serializers.Serializer):
    presents = serializers.IntegerField()
    total = serializers.IntegerField()
    eleves = PresenceLectureSerializer(many=True)
