"""AvenirPro+ in the main navigation (see ``avenirpro.navigation``)."""

from avenirpro.navigation import Entree, contribuer
from avenirpro.roles import Profil


def fins_prochaines(p) -> int:
    """The enrolments one follows (référent de parcours, ML counsellor) ending within 15 days: the badge
    of « Mes élèves AvenirPro+ » in the menu and on « Mon espace »."""
    from avenirplus import perms, services

    q = perms.q_suivi_par(p)
    if q is None:
        return 0
    return p.memo("avenirplus.fins_prochaines", lambda: services.fins_prochaines(p).count())


def est_mission_locale(p) -> bool:
    from avenirplus import perms

    return perms.mission_locale_lue(p) is not None


def suit_des_eleves_avenirplus(p) -> bool:
    """The professeurs (référents de parcours) and the missions locales' counsellors: a France Travail
    counsellor has no AvenirPro+ students (phase 2 pairs a référent with a mission locale counsellor)."""
    return p.est_professeur or est_mission_locale(p)


contribuer(
    Entree(
        "AvenirPro+",
        "avenirplus:tableau",
        frozenset({Profil.DIRECTION_LYCEE}),
        "Phase 2 : cohorte de juillet, réunion de septembre, inscriptions et référents de parcours.",
        ordre=300,
    ),
    Entree(
        "Mes élèves AvenirPro+",
        "avenirplus:mes_eleves",
        frozenset({Profil.PROFESSEUR, Profil.CONSEILLER}),
        "Les élèves dont vous êtes référent de parcours ou conseiller AvenirPro+, avec les jours restants "
        "(entre parenthèses : les inscriptions qui se terminent dans les 15 jours).",
        ordre=310,
        condition=suit_des_eleves_avenirplus,
        compteur=fins_prochaines,
        libelle_compteur="inscriptions se terminant dans les 15 jours",
    ),
    Entree(
        "Missions locales AvenirPro+",
        "avenirplus:partenaires",
        frozenset({Profil.PILOTE_REGIONAL, Profil.PILOTE_NATIONAL}),
        "La mission locale partenaire de chaque lycée pour AvenirPro+ (phase 2).",
        ordre=320,
    ),
    Entree(
        "Lycées partenaires AvenirPro+",
        "avenirplus:conseillers_partenaires",
        frozenset({Profil.ADMINISTRATEUR_OPERATEUR, Profil.CONSEILLER}),
        "Les lycées dont la mission locale est partenaire pour AvenirPro+, et ses conseillers disponibles.",
        ordre=330,
        condition=est_mission_locale,
    ),
)
