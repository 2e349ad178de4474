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

journal.enregistrer(MembreCohorte, eleves=lambda m: (m.eleve_id,))
journal.enregistrer(Inscription, eleves=lambda i: (i.eleve_id,))
# These hang from an enrolment or a cohort record: the views and viewsets select it with them.
journal.enregistrer(Contact, eleves=lambda c: (c.membre.eleve_id,))
journal.enregistrer(Invitation, eleves=lambda i: (i.membre.eleve_id,))
journal.enregistrer(EntretienConjoint, eleves=lambda e: (e.inscription.eleve_id,))
journal.enregistrer(Action, eleves=lambda a: (a.inscription.eleve_id,))
journal.enregistrer(Sortie, eleves=lambda s: (s.inscription.eleve_id,))
