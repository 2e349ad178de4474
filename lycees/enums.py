from django.db import models


class Secteur(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVE_SOUS_CONTRAT = "prive_sous_contrat", "Privé sous contrat"


class Diplome(models.TextChoices):
    BAC_PRO = "bac_pro", "Baccalauréat professionnel"
    CAP = "cap", "CAP"
    BMA = "bma", "Brevet des métiers d'art (BMA)"
    DTMS = "dtms", "Diplôme de technicien des métiers du spectacle (DTMS)"


class Sexe(models.TextChoices):
    FEMININ = "F", "Féminin"
    MASCULIN = "M", "Masculin"


class ParcoursChoisi(models.TextChoices):
    INSERTION = "insertion", "Insertion professionnelle"
    POURSUITE = "poursuite", "Poursuite d'études"
    NON_RENSEIGNE = "", "Non renseigné"


class ResultatExamen(models.TextChoices):
    NON_CONNU = "", "Non connu"
    ADMIS = "admis", "Admis"
    SECOND_GROUPE = "second_groupe", "En attente du second groupe"
    NON_ADMIS = "non_admis", "Non admis"


class Solution(models.TextChoices):
    NON_CONNUE = "", "Non connue"
    EMPLOI = "emploi", "Emploi"
    APPRENTISSAGE = "apprentissage", "Apprentissage"
    POURSUITE_ETUDES = "poursuite_etudes", "Poursuite d'études"
    FORMATION = "formation", "Formation"
    REDOUBLEMENT = "redoublement", "Réinscription pour repasser l'examen"
    AUTRE = "autre", "Autre solution"
    AUCUNE = "aucune", "Aucune solution connue"

    @classmethod
    def connues(cls) -> frozenset[str]:
        """An outcome is known: a solution, or the knowledge that there is none is not one."""
        return frozenset(v for v in cls.values if v not in (cls.NON_CONNUE, cls.AUCUNE))


class MoyenInformation(models.TextChoices):
    COURRIER = "courrier", "Courrier remis à l'élève"
    ENT = "ent", "Espace numérique de travail"
    REUNION = "reunion", "Réunion d'information"
    EMAIL = "email", "Courriel"
    AUTRE = "autre", "Autre"


class FormatImport(models.TextChoices):
    SIECLE = "siecle", "SIECLE (ElevesSansAdresses)"
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Classeur Excel (XLSX)"


class StatutNotice(models.TextChoices):
    """A family notice rendered as a job (a class of several students)."""

    EN_ATTENTE = "en_attente", "En file d'attente"
    EN_COURS = "en_cours", "En préparation"
    PRETE = "prete", "Prête"
    ECHEC = "echec", "Échec"

    @classmethod
    def en_traitement(cls) -> frozenset[str]:
        return frozenset({cls.EN_ATTENTE, cls.EN_COURS})


class StatutImport(models.TextChoices):
    A_ASSOCIER = "a_associer", "Colonnes à associer"
    A_VALIDER = "a_valider", "Aperçu à valider"
    EN_ATTENTE = "en_attente", "En file d'attente"
    EN_COURS = "en_cours", "Import en cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec : rien n'a été enregistré"
    ANNULE = "annule", "Annulé"

    @classmethod
    def en_preparation(cls) -> frozenset[str]:
        return frozenset({cls.A_ASSOCIER, cls.A_VALIDER})

    @classmethod
    def en_traitement(cls) -> frozenset[str]:
        return frozenset({cls.EN_ATTENTE, cls.EN_COURS})

    @classmethod
    def finis(cls) -> frozenset[str]:
        return frozenset({cls.TERMINE, cls.ECHEC, cls.ANNULE})


class ChampImport(models.TextChoices):
    """The columns a CSV or XLSX roster may carry (the first five are required)."""

    NOM = "nom", "Nom"
    PRENOM = "prenom", "Prénom"
    DATE_NAISSANCE = "date_naissance", "Date de naissance"
    SEXE = "sexe", "Sexe"
    DIVISION = "division", "Classe (division)"
    INE = "ine", "INE"
    DIPLOME = "diplome", "Diplôme préparé"
    SPECIALITE = "specialite", "Spécialité"

    @classmethod
    def obligatoires(cls) -> tuple[str, ...]:
        return (cls.NOM, cls.PRENOM, cls.DATE_NAISSANCE, cls.SEXE, cls.DIVISION)
