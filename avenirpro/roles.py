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
class Mission:
    """One thing the role does; shown once the page that does it exists (``url_name``, None: always)."""

    texte: str
    url_name: str | None = None

    def __str__(self):
        return self.texte


@dataclass(frozen=True)
class DescriptionRole:
    intitule: str
    missions: tuple[Mission, ...]

    def missions_ouvertes(self, existe) -> list[Mission]:
        """The missions whose page exists (``existe(url_name)``): the home page promises nothing more."""
        return [m for m in self.missions if m.url_name is None or existe(m.url_name)]


DESCRIPTIONS: dict[Profil, DescriptionRole] = {
    Profil.CONSEILLER: DescriptionRole(
        intitule="Conseiller France Travail ou mission locale",
        missions=(
            Mission("Vous voyez les lycées qui vous sont affectés pour l'année scolaire et leurs élèves."),
            Mission(
                "Vous consignez les quatre ateliers collectifs : séances et présences.", "ateliers:seances"
            ),
            Mission("Vous consignez les entretiens individuels.", "parcours:mes_eleves"),
            Mission("Vous consignez les évènements (forums, visites d'entreprises…).", "ateliers:evenements"),
            Mission(
                "Vous faites la restitution de vos échanges au professeur référent.", "parcours:restitutions"
            ),
            Mission(
                "Vous signalez les élèves en risque de décrochage à l'équipe éducative.", "parcours:alertes"
            ),
        ),
    ),
    Profil.DIRECTION_LYCEE: DescriptionRole(
        intitule="Chef d'établissement, DDFPT ou responsable du bureau des entreprises",
        missions=(
            Mission(
                "Vous gérez les effectifs de terminale et les classes (divisions) du lycée.",
                "lycees:divisions",
            ),
            Mission("Vous voyez tout ce qui concerne les élèves de votre lycée.", "lycees:eleves"),
            Mission(
                "Vous menez la campagne de contact de juillet et la réunion d'information de septembre.",
                "avenirplus:tableau",
            ),
            Mission("Vous désignez les référents de parcours AvenirPro+.", "avenirplus:referents"),
        ),
    ),
    Profil.PROFESSEUR: DescriptionRole(
        intitule="Professeur référent ou référent de parcours",
        missions=(
            Mission(
                "Vous consultez les élèves, les classes et les ateliers de votre lycée.", "lycees:eleves"
            ),
            Mission("Vous recevez les restitutions des conseillers.", "parcours:restitutions"),
            Mission(
                "Pour les élèves AvenirPro+ dont vous êtes référent de parcours : entretien conjoint, "
                "parcours personnalisé et suivi.",
                "avenirplus:mes_eleves",
            ),
        ),
    ),
    Profil.PILOTE_REGIONAL: DescriptionRole(
        intitule="Pilote régional",
        missions=(
            Mission(
                "Vous suivez les tableaux de bord de votre région académique.", "indicateurs:indicateurs"
            ),
            Mission(
                "Vous répartissez les lycées entre France Travail et les missions locales (objectif 50/50).",
                "lycees:affectations",
            ),
            Mission(
                "Vous consignez les difficultés rencontrées et les bonnes pratiques.",
                "indicateurs:notes_comite",
            ),
            Mission("Vous ne voyez que des données agrégées, jamais le nom d'un élève."),
        ),
    ),
    Profil.PILOTE_NATIONAL: DescriptionRole(
        intitule="Pilote national",
        missions=(
            Mission("Vous suivez les tableaux de bord nationaux.", "indicateurs:indicateurs"),
            Mission(
                "Vous téléchargez les remontées bimestrielles (PDF, XLSX, CSV) et les bilans annuels.",
                "indicateurs:remontees",
            ),
            Mission("Vous ne voyez que des données agrégées, jamais le nom d'un élève."),
        ),
    ),
    Profil.ADMINISTRATEUR_OPERATEUR: DescriptionRole(
        intitule="Administrateur d'une agence France Travail ou d'une mission locale",
        missions=(
            Mission(
                "Vous gérez les membres de votre organisation : invitations et rôles.", "comptes:membres"
            ),
            Mission(
                "Vous désignez les conseillers qui interviennent dans chaque lycée affecté à votre "
                "organisation.",
                "lycees:affectations",
            ),
            Mission("Vous ne voyez aucune donnée nominative d'élève."),
        ),
    ),
    Profil.DPD: DescriptionRole(
        intitule="Délégué à la protection des données",
        missions=(
            Mission(
                "Vous consultez le journal des accès aux données des élèves : qui a lu quoi, quand, d'où.",
                "journal_acces",
            ),
            Mission(
                "Dans une académie : les lectures des élèves de ses lycées, quel qu'en soit l'auteur. "
                "À France Travail ou à l'UNML : les lectures faites par les utilisateurs de votre réseau."
            ),
            Mission("Vous ne voyez des élèves que ce qui identifie les entrées du journal."),
        ),
    ),
    Profil.ADMINISTRATEUR: DescriptionRole(
        intitule="Administrateur",
        missions=(
            Mission(
                "Vous gérez les membres de votre organisation : invitations et rôles.", "comptes:membres"
            ),
            Mission("Vous ne voyez aucune donnée nominative d'élève."),
        ),
    ),
}
