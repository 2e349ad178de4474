from django.db import models


class MotifCohorte(models.TextChoices):
    """Why a student of a final class is in the July cohort (convention, annex 2.1)."""

    NON_DIPLOME = "non_diplome", "N'a pas obtenu son diplôme"
    SANS_SOLUTION = "sans_solution", "Diplômé, sans proposition Parcoursup acceptée ni solution connue"
    AJOUT = "ajout", "Ajouté par la direction"


class MoyenContact(models.TextChoices):
    TELEPHONE = "telephone", "Téléphone"
    SMS = "sms", "SMS"
    EMAIL = "email", "E-mail"
    COURRIER = "courrier", "Courrier"
    RENDEZ_VOUS = "rendez_vous", "Rendez-vous"


class ReponseContact(models.TextChoices):
    REINSCRIPTION = "reinscription", "Se réinscrit pour repasser l'examen"
    INTERESSE = "interesse", "Intéressé par AvenirPro+"
    AUTRE_SOLUTION = "autre_solution", "A trouvé une autre solution"
    REFUSE = "refuse", "Refuse"
    SANS_REPONSE = "sans_reponse", "Sans réponse"


class OffreOrientation(models.TextChoices):
    """The offer a student who declines AvenirPro+ is pointed to (annex 2.2a)."""

    CEJ = "cej", "Contrat d'engagement jeune (CEJ)"
    PACEA = "pacea", "PACEA"
    PAO = "pao", "Parcours d'accompagnement (PAO)"
    AUTRE = "autre", "Autre"


class MoyenInvitation(models.TextChoices):
    EMAIL = "email", "E-mail"
    COURRIER = "courrier", "Courrier imprimé"


class TypeAction(models.TextChoices):
    """The contents of a personalised path (annex 2.2c)."""

    MOBILISATION = "mobilisation", "Période de mobilisation et bilan de compétences"
    TRE = "tre", "Ateliers de techniques de recherche d'emploi"
    PSYCHOSOCIALES = "psychosociales", "Compétences psychosociales"
    CONSOLIDATION = "consolidation", "Consolidation des acquis généraux ou techniques"
    STAGE = "stage", "Stage avec gratification"
    PMSMP = "pmsmp", "Période de mise en situation en milieu professionnel (PMSMP)"
    IMMERSION = "immersion", "Immersion en entreprise"
    POSITIONNEMENT = "positionnement", "Positionnement scolaire"
    ORIENTATION = "orientation", "Atelier d'orientation"
    MLDS = "mlds", "Dispositif MLDS"
    BLOCS = "blocs", "Nouvelle préparation d'épreuves par blocs de compétences"
    FOQUALE = "foquale", "Solution du réseau FOQUALE"
    SERVICE_CIVIQUE = "service_civique", "Service civique alterné"


class StatutAction(models.TextChoices):
    PREVUE = "prevue", "Prévue"
    EN_COURS = "en_cours", "En cours"
    REALISEE = "realisee", "Réalisée"
    ABANDONNEE = "abandonnee", "Abandonnée"


class IssueSortie(models.TextChoices):
    EMPLOI = "emploi", "Emploi"
    APPRENTISSAGE = "apprentissage", "Apprentissage"
    FORMATION = "formation", "Formation"
    RETOUR_FORMATION_INITIALE = "retour_formation_initiale", "Retour en formation initiale"
    CEJ = "cej", "Contrat d'engagement jeune (CEJ)"
    PACEA = "pacea", "PACEA"
    PAO = "pao", "PAO"
    AUTRE = "autre", "Autre"
    SANS_SOLUTION = "sans_solution", "Sans solution"
