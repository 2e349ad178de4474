"""Phase 1, individual follow-up: interviews (with their confidential notes apart), office hours,
restitutions to the professeur référent, dropout-risk alerts. Every row about a student carries the
student's lycée and school year (copied from the student): the grants and the indexes use them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from avenirpro import donnees
from avenirpro.models import AnneeScolaire, Organisation
from avenirpro.scoping import PersonalDataModel, ScopedQuerySet, VisibleQuerySet
from lycees.models import Division, Eleve, Lycee
from parcours.enums import (
    IssueAlerte,
    Modalite,
    Moment,
    MotifAlerte,
    StatutAlerte,
    StatutEntretien,
    StatutRecherche,
)


class PermanenceQuerySet(VisibleQuerySet):
    """Office hours hold no personal data; they are listed to the lycée's staff and named counsellors."""


class Permanence(models.Model):
    """Office hours a counsellor holds in a lycée: slots of ``duree_creneau`` minutes from ``debut``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="permanences")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="+")
    conseiller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    operateur = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    date = models.DateField("date")
    debut = models.TimeField("début")
    fin = models.TimeField("fin")
    salle = models.CharField("salle", max_length=100, blank=True)
    duree_creneau = models.PositiveSmallIntegerField("durée d'un créneau (minutes)", default=30)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    objects = PermanenceQuerySet.as_manager()

    class Meta:
        ordering = ["date", "debut", "pk"]
        indexes = [models.Index(fields=["lycee", "date"]), models.Index(fields=["conseiller", "date"])]

    def __str__(self):
        return f"Permanence du {self.date:%d/%m/%Y} ({self.debut:%H:%M}–{self.fin:%H:%M})"


class EntretienQuerySet(ScopedQuerySet):
    def tenus(self):
        return self.filter(statut=StatutEntretien.REALISE)


class Entretien(PersonalDataModel):
    """An individual interview of a counsellor with a student (convention art. 4, annex 1.2)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    eleve = models.ForeignKey(Eleve, on_delete=models.PROTECT, related_name="entretiens")
    lycee = models.ForeignKey(Lycee, on_delete=models.PROTECT, related_name="+")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="+")
    # The counsellor's organisation: its named counsellors alone read the confidential notes.
    operateur = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="conseiller"
    )
    date = models.DateField("date")
    heure = models.TimeField("heure", null=True, blank=True)
    duree_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=30)
    modalite = models.CharField("modalité", max_length=12, choices=Modalite.choices)
    moment = models.CharField("moment", max_length=16, choices=Moment.choices)
    statut = models.CharField(
        "statut", max_length=8, choices=StatutEntretien.choices, default=StatutEntretien.REALISE
    )
    besoins = models.JSONField("besoins abordés", default=list, blank=True)
    prochaine_etape = models.CharField("prochaine étape", max_length=300, blank=True)
    relance_le = models.DateField("date de relance", null=True, blank=True)
    permanence = models.ForeignKey(
        Permanence, on_delete=models.PROTECT, null=True, blank=True, related_name="rendez_vous"
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = EntretienQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-heure", "-pk"]
        constraints = [
            # One student per slot: a slot booked twice is refused by the database too.
            models.UniqueConstraint(
                fields=["permanence", "heure"],
                condition=Q(permanence__isnull=False) & ~Q(statut="manque"),
                name="entretien_un_eleve_par_creneau",
                violation_error_message="Ce créneau est déjà réservé.",
            )
        ]
        indexes = [
            models.Index(fields=["eleve", "-date"]),
            models.Index(fields=["lycee", "annee", "date"]),
            models.Index(fields=["conseiller", "date"]),
            models.Index(fields=["conseiller", "relance_le"]),
        ]

    def __str__(self):
        return f"Entretien du {self.date:%d/%m/%Y}"

    def libelles_besoins(self) -> list[str]:
        from parcours.enums import Besoin

        libelles = dict(Besoin.choices)
        return [libelles.get(b, b) for b in self.besoins]


class NoteConfidentielleQuerySet(ScopedQuerySet):
    pass


class NoteConfidentielle(PersonalDataModel):
    """An interview's confidential notes, a table apart: its own grant (``parcours.perms``) gives them to
    the writing operator's counsellors named on the lycée that year, and to no one else."""

    entretien = models.OneToOneField(
        Entretien, on_delete=models.CASCADE, primary_key=True, related_name="note_confidentielle"
    )
    texte = models.TextField("notes confidentielles")
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = NoteConfidentielleQuerySet.as_manager()

    class Meta:
        verbose_name = "note confidentielle"
        verbose_name_plural = "notes confidentielles"

    def __str__(self):
        return f"Notes confidentielles de l'entretien {self.entretien_id}"


class ReferentClasseQuerySet(ScopedQuerySet):
    pass


class ReferentClasse(PersonalDataModel):
    """A professeur of the lycée named référent of a class by the direction (convention art. 4)."""

    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="referents")
    professeur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    nomme_le = models.DateTimeField("nommé le", auto_now_add=True)

    objects = ReferentClasseQuerySet.as_manager()

    class Meta:
        verbose_name = "professeur référent"
        constraints = [
            models.UniqueConstraint(fields=["division", "professeur"], name="referent_unique_par_classe")
        ]

    def __str__(self):
        return f"Référent de {self.division_id}"


class RestitutionQuerySet(ScopedQuerySet):
    def non_lues(self):
        return self.filter(lue_le__isnull=True)


class Restitution(PersonalDataModel):
    """What the counsellor tells the professeur référent after an interview (not the confidential notes)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entretien = models.ForeignKey(
        Entretien, on_delete=models.CASCADE, null=True, blank=True, related_name="restitutions"
    )
    eleve = models.ForeignKey(Eleve, on_delete=models.PROTECT, related_name="restitutions")
    lycee = models.ForeignKey(Lycee, on_delete=models.PROTECT, related_name="+")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="+")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="professeur référent",
    )
    statut = models.CharField("avancée de la recherche", max_length=20, choices=StatutRecherche.choices)
    commentaire = models.TextField("commentaire", blank=True)
    cree_le = models.DateTimeField("écrite le", auto_now_add=True)
    lue_le = models.DateTimeField("lue le", null=True, blank=True)
    # The daily digest sent it (the digest never sends one twice).
    signalee_le = models.DateTimeField("signalée par courriel le", null=True, blank=True)

    objects = RestitutionQuerySet.as_manager()

    class Meta:
        ordering = ["-cree_le", "-pk"]
        indexes = [
            models.Index(fields=["referent", "lue_le"]),
            models.Index(fields=["eleve", "-cree_le"]),
            models.Index(fields=["signalee_le", "cree_le"]),
        ]

    def __str__(self):
        return f"Restitution du {self.cree_le:%d/%m/%Y}"


class AlerteDecrochageQuerySet(ScopedQuerySet):
    def ouvertes(self):
        return self.filter(statut=StatutAlerte.OUVERTE)


class AlerteDecrochage(PersonalDataModel):
    """A dropout-risk flag (annex 1.2), seen by the counsellors and the lycée; closed with an outcome."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    eleve = models.ForeignKey(Eleve, on_delete=models.PROTECT, related_name="alertes")
    lycee = models.ForeignKey(Lycee, on_delete=models.PROTECT, related_name="+")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="+")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    motif = models.CharField("motif", max_length=24, choices=MotifAlerte.choices)
    description = models.TextField("description", blank=True)
    statut = models.CharField(
        "statut", max_length=8, choices=StatutAlerte.choices, default=StatutAlerte.OUVERTE
    )
    issue = models.CharField("issue", max_length=12, choices=IssueAlerte.choices, blank=True)
    cree_le = models.DateTimeField("levée le", auto_now_add=True)
    close_le = models.DateTimeField("close le", null=True, blank=True)

    objects = AlerteDecrochageQuerySet.as_manager()

    class Meta:
        verbose_name = "alerte décrochage"
        verbose_name_plural = "alertes décrochage"
        ordering = ["-cree_le", "-pk"]
        indexes = [
            models.Index(fields=["lycee", "annee", "statut"]),
            models.Index(fields=["eleve", "statut"]),
        ]

    def __str__(self):
        return f"Alerte décrochage ({self.get_statut_display()})"


class SuiviAlerteQuerySet(ScopedQuerySet):
    pass


class SuiviAlerte(PersonalDataModel):
    """A dated follow-up note on an alert."""

    alerte = models.ForeignKey(AlerteDecrochage, on_delete=models.CASCADE, related_name="suivis")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    date = models.DateField("date")
    texte = models.TextField("suivi")
    cree_le = models.DateTimeField(auto_now_add=True)

    objects = SuiviAlerteQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"Suivi du {self.date:%d/%m/%Y}"


class RappelEnvoye(models.Model):
    """One reminder e-mail sent (user, day, kind): the daily jobs send nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    jour = models.DateField()
    nature = models.CharField(max_length=20)
    envoye_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "jour", "nature"], name="rappel_unique")]

    def __str__(self):
        return f"Rappel {self.nature} du {self.jour}"


class PreferencesRappels(models.Model):
    """Whether a user receives the reminder e-mails of this app (« Mon profil »)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rappels_actifs = models.BooleanField("recevoir les rappels par courriel", default=True)

    def __str__(self):
        return f"Rappels de {self.user_id}"


# --- Personal data: the registre and retention (avenirpro.donnees) -----------------------------------

donnees.declarer(
    Entretien,
    finalite="Suivre les échanges individuels avec chaque élève (convention, art. 3 et 6).",
    eleves="eleve",
    champs={
        "eleve": "L'élève reçu.",
        "lycee": "Lycée de l'élève (périmètre d'accès).",
        "annee": "Année scolaire (indicateurs : échanges individuels).",
        "operateur": "France Travail ou mission locale qui a mené l'entretien.",
        "conseiller": "Le conseiller qui a mené l'entretien.",
        "date": "Date de l'entretien.",
        "heure": "Heure de l'entretien (agenda).",
        "duree_minutes": "Durée de l'entretien.",
        "modalite": "Permanence, rendez-vous, visio ou téléphone.",
        "moment": "Période scolaire, PFMP ou fin d'année.",
        "statut": "Prévu, réalisé ou annulé (indicateurs).",
        "besoins": "Besoins abordés (emploi, candidature, freins…) : orienter l'accompagnement.",
        "prochaine_etape": "Prochaine étape convenue avec l'élève.",
        "relance_le": "Date de relance.",
        "permanence": "Permanence où a eu lieu l'entretien.",
    },
    # The needs (health, housing…) go with the words: the indicators count interviews, not needs.
    anonymiser={"prochaine_etape": donnees.VIDER, "besoins": lambda champ: []},
    historique=True,
    libelle=lambda v: f"Entretien du {v.date:%d/%m/%Y}",
)
donnees.declarer(
    NoteConfidentielle,
    finalite="Notes du conseiller, lues par son organisation seulement (santé, logement…).",
    eleves="entretien__eleve",
    champs={"entretien": "L'entretien.", "texte": "Les notes confidentielles."},
    anonymiser={"texte": donnees.VIDER},
    # Their past versions follow the notes' own grant: the lycée's staff never get those rows at all.
    historique=True,
    confidentiels=("texte",),
    lire_confidentiel="parcours.perms.peut_lire_notes",
    relations=("entretien",),
    libelle=lambda v: (
        f"Notes confidentielles de l'entretien du {v.entretien.date:%d/%m/%Y}"
        if v.entretien
        else "Notes confidentielles d'un entretien"
    ),
)
donnees.declarer(
    ReferentClasse,
    finalite="Professeur référent d'une classe, destinataire des restitutions.",
    champs={
        "division": "La classe.",
        "professeur": "Le professeur référent.",
        "nomme_le": "Date de nomination.",
    },
)
donnees.declarer(
    Restitution,
    finalite="Restituer au professeur référent ce qui peut être partagé d'un entretien (convention).",
    eleves="eleve",
    champs={
        "entretien": "L'entretien restitué.",
        "eleve": "L'élève.",
        "lycee": "Lycée de l'élève.",
        "annee": "Année scolaire.",
        "auteur": "Le conseiller qui restitue.",
        "referent": "Le professeur référent destinataire.",
        "statut": "Avancée de la recherche de l'élève.",
        "commentaire": "Ce qui est partagé avec le professeur.",
        "lue_le": "Date de lecture par le professeur.",
        "signalee_le": "Date du courriel au professeur.",
    },
    anonymiser={"commentaire": donnees.VIDER},
    historique=True,
    libelle=lambda v: "Restitution au professeur référent",
)
donnees.declarer(
    AlerteDecrochage,
    finalite="Signaler un risque de décrochage à l'équipe éducative et en suivre la résolution.",
    eleves="eleve",
    champs={
        "eleve": "L'élève concerné.",
        "lycee": "Lycée de l'élève.",
        "annee": "Année scolaire.",
        "auteur": "Qui a signalé.",
        "organisation": "Organisation de qui a signalé.",
        "motif": "Motif du signalement.",
        "description": "Ce qui a été observé.",
        "statut": "Ouverte ou close.",
        "issue": "Issue de l'alerte.",
        "close_le": "Date de clôture.",
    },
    anonymiser={"description": donnees.VIDER},
    historique=True,
    libelle=lambda v: f"Alerte décrochage ({v.get_motif_display()})",
)
donnees.declarer(
    SuiviAlerte,
    finalite="Suivi d'une alerte de décrochage.",
    eleves="alerte__eleve",
    champs={
        "alerte": "L'alerte.",
        "auteur": "Qui a écrit le suivi.",
        "date": "Date du suivi.",
        "texte": "Le suivi.",
    },
    anonymiser={"texte": donnees.VIDER},
    historique=True,
    libelle=lambda v: f"Suivi d'alerte du {v.date:%d/%m/%Y}",
)
