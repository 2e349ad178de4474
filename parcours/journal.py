"""Which students each model of this app shows, for the access log (``avenirpro.journal``)."""

from avenirpro import journal
from parcours.models import AlerteDecrochage, Entretien, NoteConfidentielle, Restitution, SuiviAlerte

journal.enregistrer(Entretien, eleves=journal.par_relation("eleve"))
journal.enregistrer(Restitution, eleves=journal.par_relation("eleve"))
journal.enregistrer(AlerteDecrochage, eleves=journal.par_relation("eleve"))
journal.enregistrer(NoteConfidentielle, eleves=journal.par_relation("entretien.eleve"))
journal.enregistrer(SuiviAlerte, eleves=journal.par_relation("alerte.eleve"))
