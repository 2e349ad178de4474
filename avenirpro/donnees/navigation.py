"""The registre's entry in the menu (DPDs and administrators)."""

from avenirpro.navigation import Entree, contribuer
from avenirpro.roles import Profil

contribuer(
    Entree(
        "Registre des données",
        "registre_donnees",
        frozenset({Profil.DPD, Profil.ADMINISTRATEUR, Profil.ADMINISTRATEUR_OPERATEUR}),
        "Les données personnelles tenues par AvenirPro : champs, finalités, lecteurs, durées.",
        ordre=960,
    ),
)
