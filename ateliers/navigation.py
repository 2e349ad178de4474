"""The workshops app's entries in the main navigation (see ``avenirpro.navigation``)."""

from avenirpro.navigation import LYCEE, Entree, contribuer
from avenirpro.roles import Profil

contribuer(
    Entree(
        "Aujourd'hui",
        "ateliers:aujourdhui",
        frozenset({Profil.CONSEILLER}),
        "Vos séances du jour, avec leur lycée et leurs classes : les présences en un geste.",
        ordre=125,
    ),
    Entree(
        "Séances",
        "ateliers:seances",
        LYCEE | {Profil.CONSEILLER},
        "Les ateliers collectifs : séances prévues et réalisées, présences.",
        ordre=130,
    ),
    Entree(
        "Évènements",
        "ateliers:evenements",
        LYCEE | {Profil.CONSEILLER},
        "Salons, forums, job datings, rencontres avec des employeurs…",
        ordre=140,
    ),
)
