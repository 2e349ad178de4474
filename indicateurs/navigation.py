"""The indicators app's entries in the main navigation (see ``avenirpro.navigation``)."""

from avenirpro.navigation import Entree, contribuer
from avenirpro.roles import Profil

PILOTES = frozenset({Profil.PILOTE_REGIONAL, Profil.PILOTE_NATIONAL})

contribuer(
    Entree(
        "Indicateurs",
        "indicateurs:indicateurs",
        PILOTES | {Profil.CONSEILLER, Profil.DIRECTION_LYCEE},
        "Les indicateurs de suivi de la convention (article 6) de votre périmètre, par période.",
        ordre=200,
    ),
    Entree(
        "Remontées",
        "indicateurs:remontees",
        PILOTES,
        "Les remontées bimestrielles : compilées, validées, transmises à la DGESCO et à la DGEFP.",
        ordre=210,
    ),
)
