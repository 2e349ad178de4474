"""The follow-up app's entries in the main navigation (see ``avenirpro.navigation``)."""

from avenirpro.navigation import LYCEE, Entree, contribuer
from avenirpro.roles import Profil

contribuer(
    Entree(
        "Mes élèves",
        "parcours:mes_eleves",
        frozenset({Profil.CONSEILLER}),
        "Vos élèves de l'année : recherche, entretiens, alertes, restitutions.",
        ordre=110,
    ),
    Entree(
        "Suivi des élèves",
        "parcours:mes_eleves",
        LYCEE,
        "Les élèves du lycée : entretiens, alertes décrochage, fin d'année.",
        ordre=115,
    ),
    Entree(
        "Restitutions",
        "parcours:restitutions",
        LYCEE | {Profil.CONSEILLER},
        "Ce que les conseillers restituent aux professeurs référents après les entretiens.",
        ordre=150,
    ),
    Entree(
        "Alertes décrochage",
        "parcours:alertes",
        LYCEE | {Profil.CONSEILLER},
        "Les élèves en risque de décrochage signalés, leur suivi.",
        ordre=155,
    ),
    Entree(
        "Permanences",
        "parcours:permanences",
        LYCEE | {Profil.CONSEILLER},
        "Les permanences des conseillers au lycée et leurs rendez-vous.",
        ordre=160,
    ),
)
