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
    AJOURNE = "ajourne", "Ajourné"
    ABSENT = "absent", "Absent"


class Solution(models.TextChoices):
    NON_CONNUE = "", "Non connue"
    EMPLOI = "emploi", "Emploi"
    APPRENTISSAGE = "apprentissage", "Apprentissage"
    POURSUITE_ETUDES = "poursuite_etudes", "Poursuite d'études"
    FORMATION = "formation", "Formation"
    REDOUBLEMENT = "redoublement", "Réinscription pour repasser l'examen"
    AUCUNE = "aucune", "Sans solution"


class MoyenInformation(models.TextChoices):
    COURRIER = "courrier", "Courrier remis à l'élève"
    ENT = "ent", "Espace numérique de travail"
    REUNION = "reunion", "Réunion d'information"
    EMAIL = "email", "Courriel"
    AUTRE = "autre", "Autre"
