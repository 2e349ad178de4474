from django.db import models


class Modalite(models.TextChoices):
    PERMANENCE = "permanence", "Permanence au lycée"
    RENDEZ_VOUS = "rendez_vous", "Rendez-vous au lycée"
    VISIO = "visio", "Visio"
    TELEPHONE = "telephone", "Téléphone"


class Moment(models.TextChoices):
    PERIODE_SCOLAIRE = "periode_scolaire", "Période scolaire"
    PFMP = "pfmp", "Pendant la PFMP"
    FIN_ANNEE = "fin_annee", "Fin d'année scolaire"


class StatutEntretien(models.TextChoices):
    PREVU = "prevu", "Prévu"
    REALISE = "realise", "Réalisé"
    MANQUE = "manque", "Élève absent"


class Besoin(models.TextChoices):
    """Needs addressed in an interview (convention, annex 1.2)."""

    JOB_SAISONNIER = "job_saisonnier", "Opportunité : job saisonnier"
    PETIT_BOULOT = "petit_boulot", "Opportunité : petit boulot"
    STAGE = "stage", "Opportunité : stage"
    APPRENTISSAGE = "apprentissage", "Opportunité : apprentissage"
    IMMERSION = "immersion", "Opportunité : immersion en vue d'une réorientation"
    CV = "cv", "Candidature : CV"
    LETTRE = "lettre", "Candidature : lettre de motivation"
    ENTRETIEN_EMBAUCHE = "entretien_embauche", "Préparation à l'entretien d'embauche"
    FREIN_MOBILITE = "frein_mobilite", "Frein : mobilité"
    FREIN_LOGEMENT = "frein_logement", "Frein : logement"
    FREIN_SANTE = "frein_sante", "Frein : santé"
    FREIN_AUTRE = "frein_autre", "Frein : autre"
    OFFRE_PARTENAIRES = "offre_partenaires", "Information sur l'offre de services des partenaires"


class StatutRecherche(models.TextChoices):
    """The student's progress in the job search, told to the professeur référent (art. 4)."""

    EN_REFLEXION = "en_reflexion", "En réflexion"
    RECHERCHE_ACTIVE = "recherche_active", "Recherche active"
    CANDIDATURES = "candidatures", "Candidatures envoyées"
    ENTRETIENS = "entretiens", "Entretiens d'embauche obtenus"
    SOLUTION = "solution", "Solution trouvée"
    FREINS = "freins", "Freins à lever"


class MotifAlerte(models.TextChoices):
    ABSENTEISME = "absenteisme", "Absentéisme"
    DEMOTIVATION = "demotivation", "Démotivation, perte de sens"
    DIFFICULTES_PFMP = "difficultes_pfmp", "Difficultés en PFMP"
    SITUATION_PERSONNELLE = "situation_personnelle", "Situation personnelle ou familiale"
    AUTRE = "autre", "Autre"


class StatutAlerte(models.TextChoices):
    OUVERTE = "ouverte", "Ouverte"
    CLOSE = "close", "Close"


class IssueAlerte(models.TextChoices):
    RACCROCHE = "raccroche", "Élève raccroché"
    ORIENTE = "oriente", "Orienté vers un partenaire"
    DECROCHAGE = "decrochage", "Décrochage confirmé"
    SANS_SUITE = "sans_suite", "Sans suite"
