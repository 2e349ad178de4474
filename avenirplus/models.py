"""AvenirPro+ (phase 2, convention annex 2): the July cohort and its contacts, the September meeting,
the four-month enrolments with their référents, joint interview, personalised path and exit.

Everything is keyed on the school year of the students' final class (``annee``: the cohort of 2025-2026
is contacted in July 2026, meets in September 2026 and is enrolled until January 2027), at the lycée
where they were enrolled. Enrolment dates, exit and action types are plain columns: the indicators read
them (students supported, typology, actions by type, average duration).
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from avenirplus.enums import (
    IssueSortie,
    MotifCohorte,
    MoyenContact,
    MoyenInvitation,
    OffreOrientation,
    ReponseContact,
    StatutAction,
    TypeAction,
)
from avenirpro import donnees
from avenirpro.donnees import conservation
from avenirpro.models import AnneeScolaire, Organisation
from avenirpro.scoping import PersonalDataModel, ScopedQuerySet, VisibleQuerySet
from lycees.models import Eleve, Lycee, est_mineur_le

# --- Who works on AvenirPro+ in a lycée (no personal data of students) -------------------------------


class ProfesseurVolontaire(models.Model):
    """A professeur of the lycée volunteering as référent de parcours for one cohort (pacte enseignant)."""

    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="professeurs_volontaires")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="+")
    professeur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volontariats_avenirplus"
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "professeur volontaire"
        constraints = [
            models.UniqueConstraint(fields=["lycee", "annee", "professeur"], name="volontaire_unique")
        ]

    def __str__(self):
        return f"{self.professeur} ({self.lycee.nom}, {self.annee})"


class PartenaireQuerySet(VisibleQuerySet):
    pass


class PartenaireMissionLocale(models.Model):
    """The one partner mission locale of a lycée for a cohort, chosen by the regional pilot when the
    phase 1 operator is not a mission locale; its administrator names the counsellors available."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="partenaires_avenirplus")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="+")
    mission_locale = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="lycees_avenirplus",
        verbose_name="mission locale",
    )
    conseillers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="partenariats_avenirplus",
        verbose_name="conseillers",
    )
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = PartenaireQuerySet.as_manager()

    class Meta:
        verbose_name = "mission locale partenaire"
        constraints = [models.UniqueConstraint(fields=["lycee", "annee"], name="partenaire_unique")]

    def __str__(self):
        return f"{self.mission_locale} — {self.lycee.nom} ({self.annee})"


# --- The July cohort and its contacts -----------------------------------------------------------------


class MembreCohorteQuerySet(ScopedQuerySet):
    def actifs(self):
        return self.filter(retire=False)


class MembreCohorte(PersonalDataModel):
    """A student of the cohort (annex 2.1), with the reason, and the contact details the lycée holds."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    eleve = models.OneToOneField(Eleve, on_delete=models.CASCADE, related_name="cohorte_avenirplus")
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="cohorte_avenirplus")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="+")
    motif = models.CharField("motif", max_length=20, choices=MotifCohorte.choices)
    retire = models.BooleanField("retiré de la cohorte", default=False)
    raison = models.CharField("raison de l'ajout ou du retrait", max_length=300, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse e-mail", blank=True)
    adresse = models.TextField("adresse postale", blank=True)
    # A student who declines AvenirPro+ is pointed to another offer (part of the outcome figures).
    refus_le = models.DateField("refus d'AvenirPro+ le", null=True, blank=True)
    offre_orientee = models.CharField(
        "offre proposée", max_length=10, choices=OffreOrientation.choices, blank=True
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = MembreCohorteQuerySet.as_manager()

    class Meta:
        verbose_name = "élève de la cohorte"
        verbose_name_plural = "élèves de la cohorte"
        indexes = [models.Index(fields=["lycee", "annee"])]

    def __str__(self):
        return str(self.eleve)


class ContactQuerySet(ScopedQuerySet):
    pass


class Contact(PersonalDataModel):
    """One attempt of the July campaign to reach a student of the cohort."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membre = models.ForeignKey(MembreCohorte, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField("date")
    moyen = models.CharField("moyen", max_length=12, choices=MoyenContact.choices)
    reponse = models.CharField("réponse", max_length=16, choices=ReponseContact.choices)
    autre_solution = models.CharField("solution trouvée", max_length=200, blank=True)
    commentaire = models.TextField("commentaire", blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = "contact"
        ordering = ["-date", "-cree_le"]
        indexes = [models.Index(fields=["membre", "-date"])]

    def __str__(self):
        return f"{self.get_moyen_display()} le {self.date:%d/%m/%Y} : {self.get_reponse_display()}"


# --- The September information meeting -----------------------------------------------------------------


class ReunionQuerySet(VisibleQuerySet):
    pass


class Reunion(models.Model):
    """The information meeting of a lycée for a cohort (annex 2.2a), co-hosted by the phase 1 counsellors."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="reunions_avenirplus")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="+")
    date = models.DateField("date")
    heure = models.TimeField("heure")
    lieu = models.CharField("lieu", max_length=200)
    coanimateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="reunions_avenirplus", verbose_name="co-animateurs"
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    objects = ReunionQuerySet.as_manager()

    class Meta:
        verbose_name = "réunion d'information"
        verbose_name_plural = "réunions d'information"
        ordering = ["-date", "-heure"]

    def __str__(self):
        return f"Réunion du {self.date:%d/%m/%Y} — {self.lycee.nom}"


class InvitationQuerySet(ScopedQuerySet):
    pass


class Invitation(PersonalDataModel):
    """A student of the cohort invited to the meeting, and whether they came."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reunion = models.ForeignKey(Reunion, on_delete=models.CASCADE, related_name="invitations")
    membre = models.ForeignKey(MembreCohorte, on_delete=models.CASCADE, related_name="invitations")
    moyen = models.CharField("moyen", max_length=10, choices=MoyenInvitation.choices)
    invite_le = models.DateTimeField("invité le", auto_now_add=True)
    present = models.BooleanField("présent", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        constraints = [models.UniqueConstraint(fields=["reunion", "membre"], name="invitation_unique")]

    def __str__(self):
        return f"{self.membre} — {self.reunion}"


# --- Enrolment, joint interview, personalised path, exit ----------------------------------------------


class InscriptionQuerySet(ScopedQuerySet):
    def en_cours(self, jour: datetime.date):
        return self.filter(debut__lte=jour, sortie__isnull=True, cloturee_le__isnull=True)


class Inscription(PersonalDataModel):
    """A student's enrolment in AvenirPro+: four months at most, with a référent de parcours (a volunteer
    professeur of the lycée) and a counsellor of the partner mission locale. The student keeps school
    status."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membre = models.ForeignKey(MembreCohorte, on_delete=models.PROTECT, related_name="inscriptions")
    eleve = models.ForeignKey(Eleve, on_delete=models.PROTECT, related_name="inscriptions_avenirplus")
    lycee = models.ForeignKey(Lycee, on_delete=models.PROTECT, related_name="inscriptions_avenirplus")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="+")
    debut = models.DateField("date de début")
    fin = models.DateField("date de fin")
    # Frozen at enrolment: the student's birth date is anonymised to 1 January of its year after the
    # retention period, which would move some students from « mineur » to « majeur » in a return
    # compiled again. Set by ``save``; bulk paths set it with ``lycees.models.est_mineur_le``.
    mineur_au_debut = models.BooleanField("mineur à la date de début", editable=False)
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inscriptions_referent",
        verbose_name="référent de parcours",
    )
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inscriptions_conseiller",
        verbose_name="conseiller de la mission locale",
    )
    mission_locale = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    designes_le = models.DateTimeField("référents désignés le", null=True, blank=True)
    alerte_fin_le = models.DateField("alerte de fin envoyée le", null=True, blank=True)
    cloturee_le = models.DateField("clôturée le", null=True, blank=True)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    objects = InscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription AvenirPro+"
        verbose_name_plural = "inscriptions AvenirPro+"
        ordering = ["fin", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gte=models.F("debut")),
                name="inscription_fin_apres_debut",
                violation_error_message="La date de fin précède la date de début.",
            )
        ]
        indexes = [
            models.Index(fields=["lycee", "annee"]),
            models.Index(fields=["referent"]),
            models.Index(fields=["conseiller"]),
        ]

    def __str__(self):
        return f"{self.eleve} — AvenirPro+ du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.mineur_au_debut is None:
            if Inscription.eleve.is_cached(self):
                naissance = self.eleve.date_naissance
            else:  # the creating service has checked the student is in its scope
                eleves = Eleve.objects.unscoped("inscription : âge à la date de début")
                naissance = eleves.values_list("date_naissance", flat=True).get(pk=self.eleve_id)
            self.mineur_au_debut = est_mineur_le(naissance, self.debut)
        super().save(*args, **kwargs)

    def jours_restants(self, jour: datetime.date) -> int:
        return max((self.fin - jour).days, 0)


class EntretienConjointQuerySet(ScopedQuerySet):
    pass


class EntretienConjoint(PersonalDataModel):
    """The joint in-depth interview (annex 2.2b): référent and ML counsellor, both named; the needs found."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inscription = models.OneToOneField(Inscription, on_delete=models.CASCADE, related_name="entretien")
    date = models.DateField("date")
    referent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    conseiller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    besoins = models.TextField("besoins identifiés")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = EntretienConjointQuerySet.as_manager()

    class Meta:
        verbose_name = "entretien conjoint"

    def __str__(self):
        return f"Entretien conjoint du {self.date:%d/%m/%Y}"


class ActionQuerySet(ScopedQuerySet):
    pass


class Action(PersonalDataModel):
    """One step of the personalised path (annex 2.2c), within the enrolment's dates."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inscription = models.ForeignKey(Inscription, on_delete=models.CASCADE, related_name="actions")
    type = models.CharField("type", max_length=20, choices=TypeAction.choices)
    debut = models.DateField("début")
    fin = models.DateField("fin")
    prestataire = models.CharField("prestataire", max_length=200, blank=True)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutAction.choices, default=StatutAction.PREVUE
    )
    notes = models.TextField("notes de suivi", blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action"
        ordering = ["debut", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gte=models.F("debut")),
                name="action_fin_apres_debut",
                violation_error_message="La fin de l'action précède son début.",
            )
        ]

    def __str__(self):
        return f"{self.get_type_display()} ({self.get_statut_display()})"


class SortieQuerySet(ScopedQuerySet):
    pass


class Sortie(PersonalDataModel):
    """How an enrolment ended: date and outcome, at its end or earlier."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inscription = models.OneToOneField(Inscription, on_delete=models.CASCADE, related_name="sortie")
    date = models.DateField("date de sortie")
    issue = models.CharField("situation à la sortie", max_length=30, choices=IssueSortie.choices)
    precision = models.CharField("précision", max_length=200, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    objects = SortieQuerySet.as_manager()

    class Meta:
        verbose_name = "sortie"

    def __str__(self):
        return f"Sortie le {self.date:%d/%m/%Y} : {self.get_issue_display()}"


# --- Personal data: the registre and retention (avenirpro.donnees) -----------------------------------

donnees.declarer(
    MembreCohorte,
    finalite="Contacter en juillet les élèves sans solution (campagne AvenirPro+).",
    eleves="eleve",
    champs={
        "eleve": "L'élève.",
        "lycee": "Lycée de l'élève.",
        "annee": "Année scolaire de la campagne.",
        "motif": "Pourquoi l'élève est dans la campagne (non diplômé, sans solution…).",
        "retire": "Retiré de la campagne.",
        "raison": "Raison de l'ajout ou du retrait.",
        "telephone": "Joindre l'élève pendant la campagne.",
        "email": "Joindre l'élève pendant la campagne.",
        "adresse": "Inviter l'élève à la réunion de septembre.",
        "refus_le": "Date du refus d'AvenirPro+.",
        "offre_orientee": "Offre vers laquelle l'élève a été orienté (CEJ, PACEA, PAO…).",
    },
    anonymiser={
        "raison": donnees.VIDER,
        "telephone": donnees.VIDER,
        "email": donnees.VIDER,
        "adresse": donnees.VIDER,
    },
)
donnees.declarer(
    Contact,
    finalite="Tracer chaque contact de la campagne de juillet.",
    eleves="membre__eleve",
    champs={
        "membre": "L'élève contacté.",
        "date": "Date du contact.",
        "moyen": "Moyen du contact.",
        "reponse": "Réponse de l'élève.",
        "autre_solution": "Solution trouvée par ailleurs.",
        "commentaire": "Commentaire.",
        "auteur": "Qui a contacté.",
    },
    anonymiser={"autre_solution": donnees.VIDER, "commentaire": donnees.VIDER},
)
donnees.declarer(
    Invitation,
    finalite="Inviter à la réunion d'information de septembre et noter la présence.",
    eleves="membre__eleve",
    champs={
        "reunion": "La réunion.",
        "membre": "L'élève invité.",
        "moyen": "Moyen de l'invitation.",
        "invite_le": "Date de l'invitation.",
        "present": "Présent à la réunion.",
    },
)
donnees.declarer(
    Inscription,
    finalite="Accompagner l'élève inscrit à AvenirPro+ (4 mois au plus) et en rendre compte.",
    eleves="eleve",
    champs={
        "membre": "L'élève dans la campagne.",
        "eleve": "L'élève inscrit.",
        "lycee": "Lycée de l'élève.",
        "annee": "Année de l'inscription.",
        "debut": "Début de l'inscription.",
        "fin": "Fin de l'inscription (4 mois au plus) : la durée de conservation en part.",
        "mineur_au_debut": "Typologie des remontées (mineur ou majeur), gardée après l'anonymisation.",
        "referent": "Le référent de parcours.",
        "conseiller": "Le conseiller de la mission locale.",
        "mission_locale": "La mission locale.",
        "designes_le": "Date de désignation des référents.",
        "alerte_fin_le": "Date de l'alerte de fin.",
        "cloturee_le": "Date de clôture.",
    },
    historique=True,
    libelle=lambda v: f"Inscription AvenirPro+ du {v.debut:%d/%m/%Y} au {v.fin:%d/%m/%Y}",
)
donnees.declarer(
    EntretienConjoint,
    finalite="Entretien approfondi du référent et du conseiller avec l'élève inscrit.",
    eleves="inscription__eleve",
    champs={
        "inscription": "L'inscription.",
        "date": "Date de l'entretien.",
        "referent": "Le référent de parcours.",
        "conseiller": "Le conseiller de la mission locale.",
        "besoins": "Besoins identifiés (le parcours en découle).",
        "auteur": "Qui a saisi l'entretien.",
    },
    anonymiser={"besoins": donnees.VIDER},
    historique=True,
    libelle=lambda v: f"Entretien conjoint AvenirPro+ du {v.date:%d/%m/%Y}",
)
donnees.declarer(
    Action,
    finalite="Parcours personnalisé : les actions suivies par l'élève (bilans annuels par type).",
    eleves="inscription__eleve",
    champs={
        "inscription": "L'inscription.",
        "type": "Type d'action (bilans).",
        "debut": "Début de l'action.",
        "fin": "Fin de l'action.",
        "prestataire": "Prestataire de l'action.",
        "statut": "Avancement de l'action.",
        "notes": "Notes de suivi.",
        "auteur": "Qui a saisi l'action.",
    },
    anonymiser={"notes": donnees.VIDER},
    historique=True,
    libelle=lambda v: f"Action AvenirPro+ : {v.get_type_display()}",
)
donnees.declarer(
    Sortie,
    finalite="Situation de l'élève à la sortie d'AvenirPro+ (bilans annuels).",
    eleves="inscription__eleve",
    champs={
        "inscription": "L'inscription.",
        "date": "Date de sortie.",
        "issue": "Situation à la sortie.",
        "precision": "Précision.",
        "auteur": "Qui a saisi la sortie.",
    },
    anonymiser={"precision": donnees.VIDER},
    historique=True,
    libelle=lambda v: f"Sortie d'AvenirPro+ ({v.get_issue_display()})",
)
# An enrolment keeps its student 12 months after its end, not after the school year (issue 9, item 4).
conservation.prolonger_si(lambda limite: Q(inscriptions_avenirplus__fin__gt=limite))
