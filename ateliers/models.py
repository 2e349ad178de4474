"""Phase 1, collective part: workshops (séances) and attendance, events, satisfaction questionnaires.

Séances, attendance and events name students or counsellors: they are reached through ``visible_to`` only
(see ``avenirpro.access``). Satisfaction answers are anonymous by construction: no link to a student, a
user or a device, a date without time, a random primary key (no insertion order to match against).
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from ateliers.enums import (
    NOTE_SATISFAIT_MIN,
    Note,
    Partenaire,
    ServiceNumerique,
    StatutSeance,
    Theme,
    TypeEvenement,
)
from avenirpro import donnees
from avenirpro.models import AnneeScolaire, Organisation
from avenirpro.scoping import LienQuerySet, PersonalDataModel, ScopedQuerySet
from lycees.models import Division, Eleve, Lycee

DUREE_QUESTIONNAIRE = datetime.timedelta(days=14)


# --- Séances et présences ------------------------------------------------------------------------


class SeanceQuerySet(ScopedQuerySet):
    def actives(self):
        return self.exclude(statut=StatutSeance.ANNULEE)

    def realisees(self):
        return self.filter(statut=StatutSeance.REALISEE)


class Seance(PersonalDataModel):
    """One collective workshop on one of the four themes, for one or several classes of a lycée."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="seances", verbose_name="lycée")
    annee = models.ForeignKey(
        AnneeScolaire, on_delete=models.PROTECT, related_name="seances", verbose_name="année scolaire"
    )
    theme = models.PositiveSmallIntegerField("thème", choices=Theme.choices)
    divisions = models.ManyToManyField(
        Division, related_name="seances", verbose_name="classes", through="SeanceDivision"
    )
    date = models.DateField("date")
    heure_debut = models.TimeField("heure de début")
    duree_minutes = models.PositiveSmallIntegerField("durée (minutes)")
    conseillers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="seances_animees",
        verbose_name="conseillers",
        through="SeanceConseiller",
    )
    # Convention, art. 4: a member of the educational team is present for the whole workshop. Free text:
    # the teacher may have no account.
    membre_equipe_nom = models.CharField("membre de l'équipe éducative présent", max_length=200)
    membre_equipe_fonction = models.CharField("fonction", max_length=200)
    services_numeriques = models.JSONField("services numériques présentés", default=list, blank=True)
    services_numeriques_autre = models.CharField("autre service numérique", max_length=200, blank=True)
    adaptations_locales = models.TextField("adaptations locales", blank=True)
    statut = models.CharField(
        "statut", max_length=10, choices=StatutSeance.choices, default=StatutSeance.PREVUE
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="seances_creees",
        verbose_name="créée par",
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = SeanceQuerySet.as_manager()
    # The day a workshop was held identifies no student: pilots count séances by period (indicateurs).
    colonnes_comptables = ("date",)

    class Meta:
        verbose_name = "séance"
        ordering = ["date", "heure_debut"]
        indexes = [
            models.Index(fields=["lycee", "annee", "date"]),
            # Indicators: séances held in a period.
            models.Index(fields=["annee", "statut", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="seance_duree_valide",
                condition=Q(duree_minutes__gt=0, duree_minutes__lte=8 * 60),
                violation_error_message="La durée d'une séance est comprise entre 1 minute et 8 heures.",
            )
        ]

    def __str__(self):
        return f"{self.get_theme_display()} — {self.lycee.nom}, le {self.date:%d/%m/%Y}"

    @property
    def theme_court(self) -> str:
        return Theme(self.theme).court

    @property
    def debut(self) -> datetime.datetime:
        """Start as an aware datetime in Europe/Paris."""
        from zoneinfo import ZoneInfo

        return datetime.datetime.combine(self.date, self.heure_debut, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def fin(self) -> datetime.datetime:
        return self.debut + datetime.timedelta(minutes=self.duree_minutes)

    @property
    def duree_affichee(self) -> str:
        heures, minutes = divmod(self.duree_minutes, 60)
        if not heures:
            return f"{minutes} min"
        return f"{heures} h {minutes:02d}" if minutes else f"{heures} h"

    @property
    def services_numeriques_libelles(self) -> list[str]:
        return [
            ServiceNumerique(code).label
            for code in self.services_numeriques
            if code in ServiceNumerique.values
        ]

    @property
    def est_prevue(self) -> bool:
        return self.statut == StatutSeance.PREVUE

    @property
    def est_realisee(self) -> bool:
        return self.statut == StatutSeance.REALISEE

    @property
    def est_annulee(self) -> bool:
        return self.statut == StatutSeance.ANNULEE

    def badge_statut(self, aujourd_hui: datetime.date) -> tuple[str, str]:
        """The DSFR badge of the séance's status (its modifier class, its label): a planned séance whose
        day has passed is « À déclarer »."""
        if self.est_realisee:
            return "fr-badge--success", "Réalisée"
        if self.est_annulee:
            return "", "Annulée"
        if self.date < aujourd_hui:
            return "fr-badge--warning", "À déclarer"
        return "fr-badge--info", "Prévue"


class PresenceQuerySet(ScopedQuerySet):
    pass


class Presence(PersonalDataModel):
    """Whether one student attended one séance. One row per student of the séance's classes once recorded."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="presences", db_index=False)
    eleve = models.ForeignKey(Eleve, on_delete=models.CASCADE, related_name="presences")
    present = models.BooleanField("présent", default=True)

    objects = PresenceQuerySet.as_manager()

    class Meta:
        verbose_name = "présence"
        constraints = [
            # Also the index for "the attendance of this séance" (seance first).
            models.UniqueConstraint(
                fields=["seance", "eleve"],
                name="presence_unique",
                violation_error_message="La présence de cet élève à cette séance est déjà saisie.",
            )
        ]

    def __str__(self):
        return f"{self.eleve} — {'présent' if self.present else 'absent'}"


# --- Évènements -----------------------------------------------------------------------------------


class EvenementQuerySet(ScopedQuerySet):
    pass


class Evenement(PersonalDataModel):
    """A salon, forum, job dating, visit… for the students of one or several lycées (annex 1.3)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField("type", max_length=30, choices=TypeEvenement.choices)
    titre = models.CharField("intitulé", max_length=200)
    date = models.DateField("date")
    annee = models.ForeignKey(
        AnneeScolaire, on_delete=models.PROTECT, related_name="evenements", verbose_name="année scolaire"
    )
    lycees = models.ManyToManyField(
        Lycee, related_name="evenements", verbose_name="lycées", through="EvenementLycee"
    )
    partenaires = models.JSONField("partenaires mobilisés", default=list, blank=True)
    partenaires_autres = models.CharField("autres partenaires", max_length=300, blank=True)
    nombre_employeurs = models.PositiveIntegerField("nombre d'employeurs", default=0)
    description = models.TextField("description", blank=True)
    eleves = models.ManyToManyField(
        Eleve,
        related_name="evenements",
        blank=True,
        verbose_name="élèves participants",
        through="EvenementEleve",
    )
    organisateur = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="evenements_organises",
        verbose_name="organisé par",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="evenements_crees"
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = EvenementQuerySet.as_manager()
    # The day of an event identifies no student: pilots count events by period (indicateurs).
    colonnes_comptables = ("date",)

    class Meta:
        verbose_name = "évènement"
        ordering = ["-date", "titre"]
        indexes = [models.Index(fields=["annee", "date"]), models.Index(fields=["annee", "type"])]

    def __str__(self):
        return f"{self.titre} ({self.date:%d/%m/%Y})"

    @property
    def partenaires_libelles(self) -> list[str]:
        return [Partenaire(code).label for code in self.partenaires if code in Partenaire.values]


# --- Link tables (explicit, so that they are scoped like the records they link) -------------------
# Same tables and columns as the many-to-many fields had before (migration 0002 changes no SQL).


class SeanceDivision(PersonalDataModel):
    est_lien = True
    seance = models.ForeignKey(Seance, on_delete=models.CASCADE)
    division = models.ForeignKey(Division, on_delete=models.CASCADE)

    objects = LienQuerySet.as_manager()

    class Meta:
        db_table = "ateliers_seance_divisions"
        unique_together = [("seance", "division")]


class SeanceConseiller(PersonalDataModel):
    est_lien = True
    seance = models.ForeignKey(Seance, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    objects = LienQuerySet.as_manager()

    class Meta:
        db_table = "ateliers_seance_conseillers"
        unique_together = [("seance", "user")]


class EvenementLycee(PersonalDataModel):
    est_lien = True
    evenement = models.ForeignKey(Evenement, on_delete=models.CASCADE)
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE)

    objects = LienQuerySet.as_manager()

    class Meta:
        db_table = "ateliers_evenement_lycees"
        unique_together = [("evenement", "lycee")]


class EvenementEleve(PersonalDataModel):
    est_lien = True
    evenement = models.ForeignKey(Evenement, on_delete=models.CASCADE)
    eleve = models.ForeignKey(Eleve, on_delete=models.CASCADE)

    objects = LienQuerySet.as_manager()

    class Meta:
        db_table = "ateliers_evenement_eleves"
        unique_together = [("evenement", "eleve")]


# --- Satisfaction ---------------------------------------------------------------------------------


def nouveau_jeton() -> str:
    return secrets.token_urlsafe(24)


class SatisfactionQuerySet(models.QuerySet):
    def resume(self) -> dict:
        """Number of answers and share of satisfied ones (top two points of the scale)."""
        from django.db.models import Count

        res = self.aggregate(n=Count("pk"), satisfaits=Count("pk", filter=Q(note__gte=NOTE_SATISFAIT_MIN)))
        return taux(res["n"], res["satisfaits"])


def taux(n: int, satisfaits: int) -> dict:
    return {
        "reponses": n,
        "satisfaits": satisfaits,
        "taux": round(100 * satisfaits / n) if n else None,
    }


class QuestionnaireSeance(models.Model):
    """The students' anonymous questionnaire of one held séance, reached by an unguessable link (QR code)."""

    seance = models.OneToOneField(Seance, on_delete=models.CASCADE, related_name="questionnaire")
    jeton = models.CharField(max_length=64, unique=True, default=nouveau_jeton, editable=False)
    ouvert_le = models.DateTimeField("ouvert le")
    ferme_le = models.DateTimeField("fermé le")

    class Meta:
        verbose_name = "questionnaire de séance"
        verbose_name_plural = "questionnaires de séance"

    def __str__(self):
        return f"Questionnaire {self.seance_id}"

    def est_ouvert(self, maintenant: datetime.datetime) -> bool:
        return self.ouvert_le <= maintenant < self.ferme_le


class ReponseSeance(models.Model):
    """One anonymous answer. Nothing here points to a student, a device or an exact time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(QuestionnaireSeance, on_delete=models.CASCADE, related_name="reponses")
    note = models.PositiveSmallIntegerField("note", choices=Note.choices)
    commentaire = models.TextField("commentaire", blank=True, max_length=1000)
    cree_le = models.DateField("date de la réponse")

    objects = SatisfactionQuerySet.as_manager()

    class Meta:
        verbose_name = "réponse d'élève"
        constraints = [
            models.CheckConstraint(name="reponse_seance_note_1_a_4", condition=Q(note__gte=1, note__lte=4))
        ]

    def __str__(self):
        return f"{self.note}/4"


class QuestionnaireEquipe(models.Model):
    """The educational team's questionnaire of one lycée for one school year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="questionnaires_equipe")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="questionnaires_equipe")
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "questionnaire de l'équipe éducative"
        verbose_name_plural = "questionnaires de l'équipe éducative"
        constraints = [models.UniqueConstraint(fields=["lycee", "annee"], name="questionnaire_equipe_unique")]

    def __str__(self):
        return f"Questionnaire équipe {self.lycee_id} {self.annee}"


class ReponseEquipe(models.Model):
    """One anonymous answer of a member of the educational team (who answered is kept apart)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(QuestionnaireEquipe, on_delete=models.CASCADE, related_name="reponses")
    note = models.PositiveSmallIntegerField("note", choices=Note.choices)
    commentaire = models.TextField("commentaire", blank=True, max_length=2000)
    cree_le = models.DateField("date de la réponse")

    objects = SatisfactionQuerySet.as_manager()

    class Meta:
        verbose_name = "réponse de l'équipe éducative"
        constraints = [
            models.CheckConstraint(name="reponse_equipe_note_1_a_4", condition=Q(note__gte=1, note__lte=4))
        ]

    def __str__(self):
        return f"{self.note}/4"


class ParticipationEquipe(models.Model):
    """That a user has answered the team questionnaire (one answer each); not which answer."""

    questionnaire = models.ForeignKey(
        QuestionnaireEquipe, on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations_questionnaire"
    )

    class Meta:
        verbose_name = "participation au questionnaire de l'équipe"
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "user"],
                name="participation_equipe_unique",
                violation_error_message="Vous avez déjà répondu à ce questionnaire.",
            )
        ]

    def __str__(self):
        return f"{self.user_id} a répondu"


# --- Personal data: the registre and the change history (avenirpro.donnees) ------------------------

donnees.declarer(
    Seance,
    finalite="Planifier et rendre compte des ateliers collectifs (convention, art. 4 et 6).",
    champs={
        "lycee": "Lycée de la séance.",
        "annee": "Année scolaire (indicateurs).",
        "theme": "Thème de l'annexe 1.1 (suivi des thèmes par classe).",
        "date": "Date de la séance.",
        "heure_debut": "Heure de la séance (calendrier du conseiller).",
        "duree_minutes": "Durée moyenne des interventions (indicateurs).",
        "membre_equipe_nom": "Membre de l'équipe éducative présent (convention, art. 4).",
        "membre_equipe_fonction": "Fonction du membre de l'équipe éducative présent.",
        "services_numeriques": "Services numériques présentés (information des familles, art. 5).",
        "services_numeriques_autre": "Autre service numérique présenté.",
        "adaptations_locales": "Adaptations locales de l'atelier.",
        "statut": "Prévue, réalisée ou annulée (indicateurs).",
        "cree_par": "Qui a planifié la séance (traçabilité).",
    },
)
donnees.declarer(
    Presence,
    finalite="Compter les lycéens bénéficiaires des ateliers et suivre les thèmes suivis par chaque élève.",
    eleves="eleve",
    champs={
        "seance": "La séance.",
        "eleve": "L'élève.",
        "present": "Présent ou absent (feuille d'émargement, indicateurs).",
    },
    historique=True,
    relations=("seance",),
    libelle=lambda v: f"Présence à la séance du {v.seance.date:%d/%m/%Y} (thème {v.seance.theme})",
)
donnees.declarer(
    Evenement,
    finalite="Rendre compte des évènements avec les employeurs et partenaires (annexe 1.3, art. 6).",
    champs={
        "type": "Type d'évènement (indicateurs par type).",
        "titre": "Intitulé de l'évènement.",
        "date": "Date de l'évènement.",
        "annee": "Année scolaire (indicateurs).",
        "partenaires": "Partenaires mobilisés.",
        "partenaires_autres": "Autres partenaires.",
        "nombre_employeurs": "Nombre d'employeurs mobilisés (indicateurs).",
        "description": "Description de l'évènement.",
        "organisateur": "Organisation qui a saisi l'évènement.",
        "cree_par": "Qui a saisi l'évènement (traçabilité).",
    },
)
donnees.declarer(
    SeanceDivision,
    finalite="Classes concernées par une séance.",
    champs={"seance": "La séance.", "division": "La classe."},
)
donnees.declarer(
    SeanceConseiller,
    finalite="Conseillers qui animent une séance.",
    champs={"seance": "La séance.", "user": "Le conseiller."},
)
donnees.declarer(
    EvenementLycee,
    finalite="Lycées concernés par un évènement.",
    champs={"evenement": "L'évènement.", "lycee": "Le lycée."},
)
donnees.declarer(
    EvenementEleve,
    finalite="Élèves participant à un évènement (lycéens bénéficiaires).",
    eleves="eleve",
    champs={"evenement": "L'évènement.", "eleve": "L'élève participant."},
    libelle=lambda lien: f"Participation à l'évènement n° {lien.evenement_id}",
)
