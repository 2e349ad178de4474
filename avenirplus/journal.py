"""Which students each AvenirPro+ object shows, for the access log (``avenirpro.journal``)."""

from avenirplus.models import (
    Action,
    Contact,
    EntretienConjoint,
    Inscription,
    Invitation,
    MembreCohorte,
    Sortie,
)
from avenirpro import journal

journal.enregistrer(MembreCohorte, eleves=journal.par_relation("eleve"))
journal.enregistrer(Inscription, eleves=journal.par_relation("eleve"))
# These hang from an enrolment or a cohort record: the views and viewsets select it with them.
journal.enregistrer(Contact, eleves=journal.par_relation("membre.eleve"))
journal.enregistrer(Invitation, eleves=journal.par_relation("membre.eleve"))
journal.enregistrer(EntretienConjoint, eleves=journal.par_relation("inscription.eleve"))
journal.enregistrer(Action, eleves=journal.par_relation("inscription.eleve"))
journal.enregistrer(Sortie, eleves=journal.par_relation("inscription.eleve"))
