"""AvenirPro+ in the main navigation (see ``avenirpro.navigation``)."""

from avenirpro.navigation import Entree, contribuer
from avenirpro.roles import Profil

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
        "Les élèves dont vous êtes référent de parcours ou conseiller AvenirPro+, avec les jours restants.",
        ordre=310,
    ),
)
