"""Fixed lists of the collective phase: the four workshop themes (annex 1.1), events, partners (1.3)."""

from django.db import models


class Theme(models.IntegerChoices):
    """The four collective workshops, in the order the convention gives them (annex 1.1)."""

    SE_CONNAITRE = (
        1,
        "Mieux se connaître et se projeter — faire le point sur ses compétences et les valoriser",
    )
    ATTENTES_RECRUTEURS = 2, "Connaître les attentes des recruteurs et le marché du travail local"
    RECHERCHE_EMPLOI = 3, "Organiser sa recherche d'emploi, postuler et décrocher des entretiens"
    PREPARER_ENTRETIENS = 4, "Préparer ses entretiens pour convaincre et se faire embaucher"

    @property
    def court(self) -> str:
        return THEMES_COURTS[self.value]


THEMES_COURTS = {
    1: "Se connaître et se projeter",
    2: "Attentes des recruteurs",
    3: "Recherche d'emploi",
    4: "Préparer ses entretiens",
}


class StatutSeance(models.TextChoices):
    PREVUE = "prevue", "Prévue"
    REALISEE = "realisee", "Réalisée"
    ANNULEE = "annulee", "Annulée"


class ServiceNumerique(models.TextChoices):
    """Digital services of the employment network shown to the students (annex 1.1 and 1.3)."""

    ESPACE_CANDIDAT = "espace_candidat", "france-travail.fr — espace candidat"
    EMPLOI_STORE = "emploi_store", "Emploi Store"
    APPLICATIONS_MOBILES = "applications_mobiles", "Applications mobiles (Mes offres, Mes événements emploi…)"
    UN_JEUNE_UNE_SOLUTION = "1jeune1solution", "1jeune1solution"
    DIAGORIENTE = "diagoriente", "Diagoriente"
    METIERSCOPE = "metierscope", "Métierscope"
    AUTRE = "autre", "Autre"


class TypeEvenement(models.TextChoices):
    """Events that bring students closer to employers (annex 1.3)."""

    SALON = "salon", "Salon"
    FORUM = "forum", "Forum"
    JOB_DATING = "job_dating", "Job dating"
    VISITE_ENTREPRISE = "visite_entreprise", "Visite d'entreprise"
    INTERVENTION_EMPLOYEURS = "intervention_employeurs", "Intervention d'employeurs"
    STAGE_DATING = "stage_dating", "Stage dating"
    MENTORAT = "mentorat", "Mentorat (1jeune1mentor)"
    CLUB_SPORTIF = "club_sportif", "Action avec un club sportif"
    ECHANGE_PRATIQUES = "echange_pratiques", "Échange de pratiques avec les équipes éducatives"
    AUTRE = "autre", "Autre"


class Partenaire(models.TextChoices):
    """The partner network mobilised for an event (annex 1.3)."""

    OPCO = "opco", "OPCO"
    CHAMBRES_CONSULAIRES = "chambres_consulaires", "Chambres consulaires"
    BRANCHES = "branches_professionnelles", "Branches professionnelles"
    ENTREPRISES_S_ENGAGENT = "les_entreprises_s_engagent", "Club « Les entreprises s'engagent »"
    AUTRE = "autre", "Autre"


class Note(models.IntegerChoices):
    """The 4-point satisfaction scale; "satisfied" means one of the top two points."""

    PAS_DU_TOUT = 1, "Pas du tout satisfait"
    PLUTOT_PAS = 2, "Plutôt pas satisfait"
    PLUTOT = 3, "Plutôt satisfait"
    TRES = 4, "Très satisfait"


NOTE_SATISFAIT_MIN = Note.PLUTOT
