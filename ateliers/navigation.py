"""The workshops app's entries in the main navigation (see ``avenirpro.navigation``)."""

from avenirpro.navigation import LYCEE, Entree, contribuer
from avenirpro.roles import Profil

contribuer(
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
