"""Which students each model of this app shows, for the access log (``avenirpro.journal``)."""

from avenirpro import journal
from parcours.models import AlerteDecrochage, Entretien, NoteConfidentielle, Restitution, SuiviAlerte

journal.enregistrer(Entretien, eleves=lambda e: (e.eleve_id,))
journal.enregistrer(Restitution, eleves=lambda r: (r.eleve_id,))
journal.enregistrer(AlerteDecrochage, eleves=lambda a: (a.eleve_id,))
journal.enregistrer(NoteConfidentielle, eleves=lambda n: (n.entretien.eleve_id,))
journal.enregistrer(SuiviAlerte, eleves=lambda s: (s.alerte.eleve_id,))
