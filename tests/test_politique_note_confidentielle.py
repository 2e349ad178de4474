"""Pinned before the interviews land: a confidential note is read only by the counsellors of the operator
that wrote it, and among them only those named on the lycée's assignment for that year — not the lycée's
staff, not the operator's other counsellors, not another operator.

The rule is declared the way ``parcours/perms.py`` will declare it, on a stand-in: a proxy of the events
(a record written by an operator, ``organisateur``, about lycées and a school year), so the mechanism is
tested without a throw-away table."""

from django.db.models import Exists, OuterRef, Q

from ateliers.models import Evenement, EvenementLycee
from avenirpro.access import accorde
from lycees.perms import CONSEILLER, q_conseiller_designe
from tests.ateliers.factories import EvenementFactory


class NoteConfidentielleTemoin(Evenement):
    class Meta:
        proxy = True
        app_label = "ateliers"


@accorde(NoteConfidentielleTemoin, roles=CONSEILLER)
def notes_de_l_operateur_designe(p):
    """Confidential notes: the writing operator's counsellors named on the lycée for that year."""
    if not p.est_conseiller:
        return None
    liens = EvenementLycee.objects.unscoped("accord des notes confidentielles").filter(
        q_conseiller_designe(p, "lycee", "evenement__annee"), evenement=OuterRef("pk")
    )
    return Q(organisateur=p.organisation) & Q(Exists(liens))


def test_la_note_confidentielle_n_est_lue_que_par_les_conseillers_designes_de_l_operateur(monde):
    note = EvenementFactory(organisateur=monde.ft_a, lycees=[monde.lycee_a])
    autre_operateur = EvenementFactory(organisateur=monde.ml_b, lycees=[monde.lycee_a])

    def lecteurs(objet):
        return {
            nom
            for nom in ("conseiller_a", "conseiller_a_non_designe", "conseiller_b", "chef_a", "professeur_a")
            if NoteConfidentielleTemoin.objects.visible_to(getattr(monde, nom)).filter(pk=objet.pk).exists()
        }

    assert lecteurs(note) == {"conseiller_a"}
    # Written by another operator: even the counsellor named on the lycée does not read it.
    assert lecteurs(autre_operateur) == set()
    # The same rows as events (not confidential) are read by the lycée's staff as usual.
    assert Evenement.objects.visible_to(monde.chef_a).filter(pk=note.pk).exists()
