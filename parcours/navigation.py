"""The follow-up app's entries in the main navigation (see ``avenirpro.navigation``)."""

from avenirpro.navigation import LYCEE, Entree, contribuer
from avenirpro.roles import Profil


def restitutions_non_lues(p) -> int:
    """The professeur référent's restitutions not yet acknowledged (the header's badge)."""
    from parcours.models import Restitution

    if not p.est_professeur:
        return 0
    return p.memo(
        "parcours.non_lues",
        lambda: Restitution.objects.visible_to(p).filter(referent=p.user).non_lues().count(),
    )


def alertes_ouvertes(p) -> int:
    """Open dropout alerts, for the counsellors and the lycée's direction."""
    from parcours.models import AlerteDecrochage

    if not (p.est_conseiller or p.est_direction_lycee):
        return 0
    return p.memo(
        "parcours.alertes",
        lambda: AlerteDecrochage.objects.visible_to(p).ouvertes().count(),
    )


contribuer(
    Entree(
        "Mes élèves",
        "parcours:mes_eleves",
        frozenset({Profil.CONSEILLER}),
        "Vos élèves de l'année : recherche, entretiens, alertes, restitutions.",
        ordre=105,
    ),
    Entree(
        "Suivi des élèves",
        "parcours:mes_eleves",
        LYCEE,
        "Les élèves du lycée : entretiens, alertes décrochage, fin d'année.",
        ordre=125,
    ),
    Entree(
        "Restitutions",
        "parcours:restitutions",
        LYCEE | {Profil.CONSEILLER},
        "Ce que les conseillers restituent aux professeurs référents après les entretiens.",
        ordre=200,
        compteur=restitutions_non_lues,
        libelle_compteur="non lues",
    ),
    Entree(
        "Alertes décrochage",
        "parcours:alertes",
        LYCEE | {Profil.CONSEILLER},
        "Les élèves en risque de décrochage signalés, leur suivi.",
        ordre=210,
        compteur=alertes_ouvertes,
        libelle_compteur="ouvertes",
    ),
    Entree(
        "Permanences",
        "parcours:permanences",
        LYCEE | {Profil.CONSEILLER},
        "Les permanences des conseillers au lycée et leurs rendez-vous.",
        ordre=220,
    ),
)
