"""What each role does in AvenirPro (DESIGN.md §1), as shown on the home page « Mon espace ».

A *profil* is a role read together with the kind of organisation that gives it: an administrator of an
agence France Travail also names the counsellors of its lycées, an administrator of a lycée does not.
The navigation (``avenirpro.navigation``) and the home page both start from the current profil.
"""

from dataclasses import dataclass
from enum import StrEnum

from avenirpro.access import Perimetre


class Profil(StrEnum):
    DIRECTION_LYCEE = "direction_lycee"
    PROFESSEUR = "professeur"
    CONSEILLER = "conseiller"
    PILOTE_REGIONAL = "pilote_regional"
    PILOTE_NATIONAL = "pilote_national"
    ADMINISTRATEUR_OPERATEUR = "administrateur_operateur"
    ADMINISTRATEUR = "administrateur"
    DPD = "dpd"


def profil_de(perimetre: Perimetre) -> Profil | None:
    """The profil of the current membership; None when the user has no role (or one that fits nothing)."""
    if perimetre.membership is None:
        return None
    if perimetre.est_direction_lycee:
        return Profil.DIRECTION_LYCEE
    if perimetre.est_personnel_lycee:
        return Profil.PROFESSEUR
    if perimetre.est_conseiller:
        return Profil.CONSEILLER
    if perimetre.est_pilote_regional:
        return Profil.PILOTE_REGIONAL
    if perimetre.est_pilote_national:
        return Profil.PILOTE_NATIONAL
    if perimetre.est_dpd:
        return Profil.DPD
    if perimetre.est_administrateur:
        return (
            Profil.ADMINISTRATEUR_OPERATEUR if perimetre.organisation.est_operateur else Profil.ADMINISTRATEUR
        )
    return None


@dataclass(frozen=True)
class DescriptionRole:
    intitule: str
    missions: tuple[str, ...]


DESCRIPTIONS: dict[Profil, DescriptionRole] = {
    Profil.CONSEILLER: DescriptionRole(
        intitule="Conseiller France Travail ou mission locale",
        missions=(
            "Vous voyez les lycées qui vous sont affectés pour l'année scolaire et leurs élèves.",
            "Vous consignez les quatre ateliers collectifs (séances et présences), les entretiens "
            "individuels et les évènements.",
            "Vous faites la restitution de vos échanges au professeur référent.",
            "Vous signalez les élèves en risque de décrochage à l'équipe éducative.",
        ),
    ),
    Profil.DIRECTION_LYCEE: DescriptionRole(
        intitule="Chef d'établissement, DDFPT ou responsable du bureau des entreprises",
        missions=(
            "Vous gérez les effectifs de terminale et les classes (divisions) du lycée.",
            "Vous voyez tout ce qui concerne les élèves de votre lycée.",
            "Vous menez la campagne de contact de juillet et la réunion d'information de septembre.",
            "Vous désignez les référents de parcours AvenirPro+.",
        ),
    ),
    Profil.PROFESSEUR: DescriptionRole(
        intitule="Professeur référent ou référent de parcours",
        missions=(
            "Vous consultez les élèves, les classes et les ateliers de votre lycée.",
            "Vous recevez les restitutions des conseillers.",
            "Pour les élèves AvenirPro+ dont vous êtes référent de parcours : entretien conjoint, "
            "parcours personnalisé et suivi.",
        ),
    ),
    Profil.PILOTE_REGIONAL: DescriptionRole(
        intitule="Pilote régional",
        missions=(
            "Vous suivez les tableaux de bord de votre région académique.",
            "Vous répartissez les lycées entre France Travail et les missions locales (objectif 50/50).",
            "Vous consignez les difficultés rencontrées et les bonnes pratiques.",
            "Vous ne voyez que des données agrégées, jamais le nom d'un élève.",
        ),
    ),
    Profil.PILOTE_NATIONAL: DescriptionRole(
        intitule="Pilote national",
        missions=(
            "Vous suivez les tableaux de bord nationaux.",
            "Vous téléchargez les remontées bimestrielles (PDF, XLSX, CSV) et les bilans annuels.",
            "Vous ne voyez que des données agrégées, jamais le nom d'un élève.",
        ),
    ),
    Profil.ADMINISTRATEUR_OPERATEUR: DescriptionRole(
        intitule="Administrateur d'une agence France Travail ou d'une mission locale",
        missions=(
            "Vous gérez les membres de votre organisation : invitations et rôles.",
            "Vous désignez les conseillers qui interviennent dans chaque lycée affecté à votre organisation.",
            "Vous ne voyez aucune donnée nominative d'élève.",
        ),
    ),
    Profil.DPD: DescriptionRole(
        intitule="Délégué à la protection des données",
        missions=(
            "Vous consultez le journal des accès aux données des élèves : qui a lu quoi, quand, d'où.",
            "Dans une académie : les lectures des élèves de ses lycées, quel qu'en soit l'auteur. "
            "À France Travail ou à l'UNML : les lectures faites par les utilisateurs de votre réseau.",
            "Vous ne voyez des élèves que ce qui identifie les entrées du journal.",
        ),
    ),
    Profil.ADMINISTRATEUR: DescriptionRole(
        intitule="Administrateur",
        missions=(
            "Vous gérez les membres de votre organisation : invitations et rôles.",
            "Vous ne voyez aucune donnée nominative d'élève.",
        ),
    ),
}
