import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q

from avenirpro import donnees
from avenirpro.donnees import conservation
from avenirpro.enums import TypeOrganisation
from avenirpro.models import AnneeScolaire, Organisation
from avenirpro.scoping import PersonalDataModel, ScopedQuerySet, VisibleQuerySet
from lycees.enums import (
    Diplome,
    FormatImport,
    MoyenInformation,
    ParcoursChoisi,
    ResultatExamen,
    Secteur,
    Sexe,
    Solution,
    StatutImport,
    StatutNotice,
)
from lycees.recherche import ORDRE_ELEVES, normaliser_nom, rechercher_eleves
from lycees.validators import normaliser_uai, valider_uai


class LyceeQuerySet(VisibleQuerySet):
    """Lycées are listed by périmètre (``lycees.perms.lycees_listes``); they hold no personal data."""


class Lycee(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="lycee",
        limit_choices_to={"type": TypeOrganisation.LYCEE},
    )
    uai = models.CharField("UAI", max_length=8, unique=True, validators=[valider_uai])
    nom = models.CharField("nom", max_length=200)
    commune = models.CharField("commune", max_length=100, blank=True)
    secteur = models.CharField("secteur", max_length=20, choices=Secteur.choices, default=Secteur.PUBLIC)

    objects = LyceeQuerySet.as_manager()

    class Meta:
        verbose_name = "lycée"
        ordering = ["nom"]

    def __str__(self):
        return f"{self.nom} ({self.uai})"

    def save(self, *args, **kwargs):
        self.uai = normaliser_uai(self.uai)
        valider_uai(self.uai)
        super().save(*args, **kwargs)

    def clean(self):
        self.uai = normaliser_uai(self.uai)
        if self.organisation_id and self.organisation.type != TypeOrganisation.LYCEE:
            raise ValidationError({"organisation": "Cette organisation n'est pas un lycée."})


class AffectationQuerySet(VisibleQuerySet):
    """Assignments of the lycées listed to a périmètre (``lycees.perms.affectations_listees``)."""


class Affectation(models.Model):
    """Which operator (an agence France Travail or a mission locale) serves a lycée for a school year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="affectations")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="affectations")
    operateur = models.ForeignKey(
        Organisation,
        verbose_name="opérateur",
        on_delete=models.PROTECT,
        related_name="affectations",
        limit_choices_to={"type__in": TypeOrganisation.operateurs()},
    )
    conseillers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="affectations", blank=True, verbose_name="conseillers"
    )
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = AffectationQuerySet.as_manager()

    class Meta:
        ordering = ["-annee__annee_debut", "lycee__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["lycee", "annee"],
                name="affectation_unique_par_annee",
                violation_error_message="Ce lycée a déjà un opérateur pour cette année scolaire.",
            )
        ]
        indexes = [models.Index(fields=["operateur", "annee"])]

    def __str__(self):
        return f"{self.lycee.nom} — {self.operateur} ({self.annee})"

    @property
    def reseau(self) -> str | None:
        """France Travail or missions locales: the two sides of the 50/50 split."""
        return self.operateur.reseau

    def clean(self):
        if self.operateur_id and not self.operateur.est_operateur:
            raise ValidationError(
                {"operateur": "Un lycée est confié à une agence France Travail ou à une mission locale."}
            )


class DivisionQuerySet(ScopedQuerySet):
    def avec_effectifs(self):
        """Each class with ``nb_eleves`` and ``nb_familles_informees`` (one aggregated query)."""
        return self.annotate(
            nb_eleves=Count("eleves", distinct=True),
            nb_familles_informees=Count(
                "eleves", filter=Q(eleves__famille_informee_le__isnull=False), distinct=True
            ),
        )


def compter_effectifs(divisions: list) -> list:
    """``nb_eleves`` and ``nb_familles_informees`` of these classes (a list's page, already read in the
    périmètre), in one query on their ids: the list's ids and count stay free of the students' join and
    its grouping (``avec_effectifs`` counts one class, or a few)."""
    if not divisions:  # an empty page (a pilot's list): no query
        return divisions
    comptes = {
        division_id: (n, informees)
        for division_id, n, informees in Eleve.objects.unscoped(
            "effectifs des classes d'une page, déjà lues dans le périmètre"
        )
        .filter(division_id__in=[d.pk for d in divisions])
        .values("division_id")
        .annotate(n=Count("pk"), informees=Count("pk", filter=Q(famille_informee_le__isnull=False)))
        .values_list("division_id", "n", "informees")
        .order_by()
    }
    for division in divisions:
        division.nb_eleves, division.nb_familles_informees = comptes.get(division.pk, (0, 0))
    return divisions


class Division(PersonalDataModel):
    """A class of final-year students (e.g. « TBPMELEC ») of a lycée for a school year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="divisions")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="divisions")
    nom = models.CharField("nom", max_length=60)
    diplome = models.CharField("diplôme préparé", max_length=10, choices=Diplome.choices)
    specialite = models.CharField("spécialité", max_length=200, blank=True)

    objects = DivisionQuerySet.as_manager()

    class Meta:
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["lycee", "annee", "nom"],
                name="division_unique",
                violation_error_message="Une classe de ce nom existe déjà dans ce lycée cette année.",
            )
        ]

    def __str__(self):
        return self.nom


def age_le(date_naissance: datetime.date, jour: datetime.date) -> int:
    """Age in whole years on ``jour``."""
    n = date_naissance
    return jour.year - n.year - ((jour.month, jour.day) < (n.month, n.day))


def est_mineur_le(date_naissance: datetime.date, jour: datetime.date) -> bool:
    return age_le(date_naissance, jour) < 18


class EleveQuerySet(ScopedQuerySet):
    def recherche(self, texte: str):
        """Accent- and case-insensitive search by name, or an exact INE (``lycees.recherche``)."""
        return rechercher_eleves(self, texte)

    def sans_solution_connue(self):
        """Students with no known outcome: the AvenirPro+ cohort is drawn from them."""
        return self.exclude(solution__in=Solution.connues())


class Eleve(PersonalDataModel):
    """A final-year student of a lycée for one school year. Personal data of (mostly) a minor."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="eleves")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="eleves")
    division = models.ForeignKey(
        Division,
        on_delete=models.PROTECT,
        related_name="eleves",
        null=True,
        blank=True,
        verbose_name="classe",
    )
    nom = models.CharField("nom", max_length=100)
    prenom = models.CharField("prénom", max_length=100)
    # Folded copies of the names (lycees.recherche): searched and sorted on, never shown.
    nom_normalise = models.CharField(max_length=100, editable=False, default="", db_default="")
    prenom_normalise = models.CharField(max_length=100, editable=False, default="", db_default="")
    date_naissance = models.DateField("date de naissance")
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices)
    ine = models.CharField(
        "INE", max_length=11, blank=True, help_text="Identifiant national élève (facultatif)"
    )
    diplome = models.CharField("diplôme préparé", max_length=10, choices=Diplome.choices)
    specialite = models.CharField("spécialité", max_length=200, blank=True)
    parcours = models.CharField(
        "parcours choisi", max_length=12, choices=ParcoursChoisi.choices, blank=True, default=""
    )
    resultat_examen = models.CharField(
        "résultat à l'examen", max_length=13, choices=ResultatExamen.choices, blank=True, default=""
    )
    solution = models.CharField(
        "solution en fin d'année", max_length=20, choices=Solution.choices, blank=True, default=""
    )
    solution_le = models.DateField("solution connue le", null=True, blank=True)
    solution_precision = models.CharField(
        "précision sur la solution",
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="Employeur, formation, établissement… (facultatif)",
    )
    parcoursup_accepte = models.BooleanField("place acceptée sur Parcoursup", default=False, db_default=False)
    parcoursup_formation = models.CharField(
        "formation acceptée sur Parcoursup", max_length=200, blank=True, default="", db_default=""
    )
    resultats_modifies_le = models.DateTimeField("fin d'année saisie le", null=True, blank=True)
    famille_informee_le = models.DateField("famille informée le", null=True, blank=True)
    famille_informee_par = models.CharField(
        "moyen d'information de la famille", max_length=10, choices=MoyenInformation.choices, blank=True
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    # Set by the retention job (avenirpro.donnees.conservation) or an erasure on request: what identified
    # the student is gone, the row stays for the counts.
    anonymise_le = models.DateField("anonymisé le", null=True, blank=True, editable=False)

    objects = EleveQuerySet.as_manager()

    class Meta:
        verbose_name = "élève"
        ordering = list(ORDRE_ELEVES)
        constraints = [
            models.UniqueConstraint(
                fields=["lycee", "annee", "ine"],
                condition=~models.Q(ine=""),
                name="eleve_ine_unique_par_lycee_annee",
                violation_error_message="Un élève avec cet INE existe déjà dans ce lycée cette année.",
            )
        ]
        indexes = [
            models.Index(fields=["lycee", "annee", "nom_normalise", "prenom_normalise"]),
            models.Index(fields=["division", "nom_normalise"]),
            models.Index(fields=["annee", "solution"]),
        ]

    def __str__(self):
        return f"{self.nom.upper()} {self.prenom}"

    def save(self, *args, **kwargs):
        self.normaliser()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"nom", "prenom"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "nom_normalise", "prenom_normalise"}
        super().save(*args, **kwargs)

    def normaliser(self) -> None:
        """Fill the folded names (bulk paths call it, or ``normaliser_nom``, themselves)."""
        self.nom_normalise = normaliser_nom(self.nom)[:100]
        self.prenom_normalise = normaliser_nom(self.prenom)[:100]

    def age_le(self, jour: datetime.date) -> int:
        return age_le(self.date_naissance, jour)

    def est_mineur_le(self, jour: datetime.date) -> bool:
        return est_mineur_le(self.date_naissance, jour)


class CorrespondanceColonnes(models.Model):
    """The column mapping a lycée last used for its CSV/XLSX rosters: field → header of the file."""

    lycee = models.OneToOneField(Lycee, on_delete=models.CASCADE, related_name="correspondance_colonnes")
    colonnes = models.JSONField("colonnes", default=dict, blank=True)
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "correspondance de colonnes"
        verbose_name_plural = "correspondances de colonnes"

    def __str__(self):
        return f"Colonnes de {self.lycee.nom}"


def chemin_fichier_import(instance, filename: str) -> str:
    """Referenced by migration 0002 only (the file now lives in FichierImport)."""
    return f"imports/{instance.lycee.uuid}/{instance.uuid}.{instance.format}"


class ImportEffectifsQuerySet(ScopedQuerySet):
    pass


class ImportEffectifs(PersonalDataModel):
    """One roster import of a lycée: the choices made, the preview, the progress (its file: FichierImport)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="imports")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="imports")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="auteur",
    )
    format = models.CharField("format", max_length=10, choices=FormatImport.choices)
    nom_fichier = models.CharField("nom du fichier", max_length=255)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutImport.choices, default=StatutImport.A_ASSOCIER
    )
    # CSV/XLSX: encoding, separator, headers; SIECLE: UAI and year of the file.
    lecture = models.JSONField("lecture du fichier", default=dict, blank=True)
    correspondance = models.JSONField("correspondance des colonnes", default=dict, blank=True)
    # Per division: import it or not, diploma and speciality of a new class.
    choix = models.JSONField("choix des classes", default=dict, blank=True)
    apercu = models.JSONField("aperçu", default=dict, blank=True)
    erreurs = models.JSONField("erreurs", default=list, blank=True)
    nb_erreurs = models.PositiveIntegerField("nombre d'erreurs", default=0)
    nb_lignes = models.PositiveIntegerField("nombre de lignes", default=0)
    progression = models.PositiveSmallIntegerField("progression (%)", default=0)
    resultat = models.JSONField("résultat", default=dict, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    demarre_le = models.DateTimeField("démarré le", null=True, blank=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    # Last sign of life of the job: sent to the broker, claimed, then refreshed every few seconds while it
    # runs. The relance re-sends a job whose sign of life is too old (lost message, killed worker).
    battement_le = models.DateTimeField("dernier signe de vie", null=True, blank=True)
    # Claims so far: fences a worker that lost its claim, and stops a job that kills every worker.
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)

    objects = ImportEffectifsQuerySet.as_manager()

    class Meta:
        verbose_name = "import des effectifs"
        verbose_name_plural = "imports des effectifs"
        ordering = ["-cree_le"]
        indexes = [models.Index(fields=["lycee", "-cree_le"]), models.Index(fields=["statut", "cree_le"])]

    def __str__(self):
        return f"Import {self.nom_fichier} ({self.get_statut_display()})"

    @property
    def est_fini(self) -> bool:
        return self.statut in StatutImport.finis()

    @property
    def est_en_traitement(self) -> bool:
        return self.statut in StatutImport.en_traitement()


class FichierImportQuerySet(ScopedQuerySet):
    pass


class FichierImport(PersonalDataModel):
    """The uploaded roster, kept in the database beside its import: the web process and the Celery worker
    share the database (not a disk), and a rolled-back upload leaves no stray file. It holds personal
    data: it is deleted as soon as the import ends (done, failed or cancelled), or is abandoned."""

    import_effectifs = models.OneToOneField(
        ImportEffectifs, on_delete=models.CASCADE, primary_key=True, related_name="fichier"
    )
    contenu = models.BinaryField("contenu")
    taille = models.PositiveIntegerField("taille (octets)")
    # The rows the preview checked (``imports.stocker_lignes``): the confirmed import writes them without
    # reading and checking the file again. Personal data too, deleted with the file.
    lignes = models.JSONField("lignes vérifiées", null=True, blank=True, editable=False)

    objects = FichierImportQuerySet.as_manager()

    class Meta:
        verbose_name = "fichier d'import"
        verbose_name_plural = "fichiers d'import"

    def __str__(self):
        return f"Fichier de l'import {self.import_effectifs_id} ({self.taille} octets)"


class NoticeFamillesQuerySet(ScopedQuerySet):
    pass


class NoticeFamilles(PersonalDataModel):
    """A class's family notice (one named copy per student) rendered by a Celery job: several pages take
    seconds to render. The PDF names students: it is kept for its author a day at most (purge job)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lycee = models.ForeignKey(Lycee, on_delete=models.CASCADE, related_name="+")
    annee = models.ForeignKey(AnneeScolaire, on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="notices")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    statut = models.CharField(
        "statut", max_length=12, choices=StatutNotice.choices, default=StatutNotice.EN_ATTENTE
    )
    exemplaires = models.PositiveIntegerField("exemplaires", default=0)
    progression = models.PositiveSmallIntegerField("progression (%)", default=0)
    contenu = models.BinaryField("PDF", null=True, blank=True)
    erreur = models.TextField("erreur", blank=True)
    cree_le = models.DateTimeField("demandée le", auto_now_add=True)
    battement_le = models.DateTimeField("dernier signe de vie", null=True, blank=True)
    termine_le = models.DateTimeField("terminée le", null=True, blank=True)

    objects = NoticeFamillesQuerySet.as_manager()

    class Meta:
        verbose_name = "notice aux familles préparée"
        verbose_name_plural = "notices aux familles préparées"
        ordering = ["-cree_le"]
        indexes = [models.Index(fields=["statut", "battement_le"], name="notice_familles_statut_idx")]

    def __str__(self):
        return f"Notice aux familles {self.division_id} ({self.get_statut_display()})"

    @property
    def est_en_traitement(self) -> bool:
        return self.statut in StatutNotice.en_traitement()


# --- Personal data: the registre, the change history, retention (avenirpro.donnees) ----------------

donnees.declarer(
    Division,
    finalite="Regrouper les élèves par classe pour planifier les ateliers et compter les élèves par classe.",
    champs={
        "lycee": "Lycée de la classe.",
        "annee": "Année scolaire de la classe.",
        "nom": "Nom de la classe dans SIECLE.",
        "diplome": "Diplôme préparé (indicateurs par diplôme).",
        "specialite": "Spécialité (typologie des bilans annuels).",
    },
)
donnees.declarer(
    Eleve,
    finalite=(
        "Suivre les élèves de terminale accompagnés par AvenirPro (convention, art. 3 et 6) : ateliers, "
        "entretiens, AvenirPro+ et indicateurs ; base légale : mission d'intérêt public (RGPD, art. 6-1-e)."
    ),
    eleves="pk",
    champs={
        "lycee": "Lycée où l'élève est inscrit.",
        "annee": "Année scolaire (la durée de conservation en part).",
        "division": "Classe de l'élève (planifier les ateliers).",
        "nom": "Identifier l'élève.",
        "prenom": "Identifier l'élève.",
        "date_naissance": "Savoir si l'élève est mineur (information des familles, typologie).",
        "sexe": "Typologie des bilans annuels (convention, art. 6).",
        "ine": "Rapprocher les imports SIECLE d'une année à l'autre sans doublon.",
        "diplome": "Indicateurs par diplôme préparé.",
        "specialite": "Typologie des bilans annuels par famille de spécialités.",
        "parcours": "Orienter l'accompagnement (insertion ou poursuite d'études).",
        "resultat_examen": "Repérer les élèves de la campagne de juillet (AvenirPro+).",
        "solution": "Connaître la solution trouvée en fin d'année (indicateurs de sortie).",
        "famille_informee_le": "Prouver l'information des familles (convention, art. 5).",
        "famille_informee_par": "Prouver l'information des familles (convention, art. 5).",
        "anonymise_le": "Date de l'anonymisation (durée de conservation ou effacement).",
        "nom_normalise": "Rechercher le nom sans accents ni majuscules.",
        "prenom_normalise": "Rechercher le prénom sans accents ni majuscules.",
        "solution_le": "Date où la solution de fin d'année est connue (indicateurs de sortie).",
        "solution_precision": "Précision sur la solution de fin d'année.",
        "parcoursup_accepte": "Repérer les élèves de la campagne de juillet (AvenirPro+).",
        "parcoursup_formation": "Formation acceptée sur Parcoursup (poursuite d'études).",
        "resultats_modifies_le": "Traçabilité de la saisie de fin d'année.",
    },
    anonymiser={
        "nom": donnees.ANONYME,
        "prenom": donnees.ANONYME,
        "date_naissance": donnees.ANNEE,
        "ine": donnees.VIDER,
        "famille_informee_par": donnees.VIDER,
        "nom_normalise": lambda champ: "anonyme",
        "prenom_normalise": lambda champ: "anonyme",
        "solution_precision": donnees.VIDER,
    },
    historique=True,
    relations=("division",),
    libelle=lambda v: "Fiche de l'élève",
)
donnees.declarer(
    ImportEffectifs,
    finalite="Importer les effectifs depuis SIECLE ou un tableau, avec son aperçu et ses erreurs.",
    conservation="Supprimé avec son fichier à la fin de l'import, au plus tard 24 h après son abandon.",
    champs={
        "lycee": "Lycée importé.",
        "annee": "Année scolaire importée.",
        "auteur": "Qui a importé (traçabilité).",
        "format": "Format du fichier.",
        "nom_fichier": "Nom du fichier déposé.",
        "statut": "Avancement de l'import.",
        "lecture": "Lignes lues dans le fichier (noms, dates de naissance) le temps de l'import.",
        "correspondance": "Colonnes du tableau associées aux champs.",
        "choix": "Classes choisies à l'import.",
        "apercu": "Aperçu des lignes avant confirmation.",
        "erreurs": "Erreurs par ligne à corriger.",
        "nb_erreurs": "Nombre d'erreurs.",
        "nb_lignes": "Nombre de lignes.",
        "progression": "Progression affichée.",
        "resultat": "Bilan de l'import (créés, mis à jour).",
        "demarre_le": "Traçabilité de l'import.",
        "termine_le": "Traçabilité de l'import.",
        "battement_le": "Reprendre un import interrompu.",
        "tentatives": "Reprendre un import interrompu.",
    },
)
donnees.declarer(
    FichierImport,
    finalite="Garder le fichier déposé le temps de son import (le serveur et la tâche le partagent).",
    conservation="Supprimé dès la fin de l'import, au plus tard 24 h après son abandon.",
    champs={
        "import_effectifs": "L'import auquel appartient le fichier.",
        "contenu": "Le fichier déposé (export SIECLE ou tableau).",
        "taille": "Taille du fichier (limite de 10 Mo).",
        "lignes": "Les lignes vérifiées à l'aperçu, écrites telles quelles à la confirmation.",
    },
)
donnees.declarer(
    NoticeFamilles,
    finalite="Préparer en tâche de fond la notice aux familles d'une classe (un exemplaire nommé par élève).",
    conservation="Supprimée 24 h après sa demande.",
    champs={
        "lycee": "Lycée de la classe.",
        "annee": "Année scolaire de la classe.",
        "division": "Classe dont la notice est préparée.",
        "auteur": "Qui l'a demandée (seul à la télécharger).",
        "statut": "Avancement de la préparation.",
        "exemplaires": "Nombre d'exemplaires (élèves de la classe).",
        "progression": "Progression affichée.",
        "contenu": "Le PDF (noms et prénoms des élèves de la classe).",
        "erreur": "Pourquoi la préparation a échoué.",
        "cree_le": "Purge au bout de 24 h.",
        "battement_le": "Reprendre une préparation interrompue.",
        "termine_le": "Traçabilité.",
    },
)
conservation.sujet(Eleve, annee="annee", organisation="lycee__organisation", marque="anonymise_le")
