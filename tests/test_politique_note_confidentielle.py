"""A confidential note is read only by the counsellors of the operator that wrote it, and among them only
those named on the lycée's assignment for that year — not the lycée's staff, not the operator's other
counsellors, not another operator. The rule is the grant ``parcours.perms.notes_de_l_operateur_designe``
on ``NoteConfidentielle`` (a table apart from the interview)."""

from avenirpro.access import en_perimetre, q_accordee
from parcours import perms
from parcours.models import Entretien, NoteConfidentielle
from tests import factories as f
from tests.conftest import fresh
from tests.parcours.conftest import entretien_de


def _lecteurs(monde, note):
    return {
        nom
        for nom in ("conseiller_a", "conseiller_a_non_designe", "conseiller_b", "chef_a", "professeur_a")
        if NoteConfidentielle.objects.visible_to(fresh(getattr(monde, nom))).filter(pk=note.pk).exists()
    }


def test_la_note_confidentielle_n_est_lue_que_par_les_conseillers_designes_de_l_operateur(monde):
    entretien = entretien_de(monde.conseiller_a, monde.eleves_a[0], notes="Confidentiel.")
    note = NoteConfidentielle.objects.unscoped("test").get(entretien=entretien)
    assert _lecteurs(monde, note) == {"conseiller_a"}
    # Written by another operator: even the counsellor named on the lycée does not read it.
    Entretien.objects.unscoped("test").filter(pk=entretien.pk).update(operateur=f.OrganisationFactory())
    assert _lecteurs(monde, note) == set()
    # The interview itself (without its notes) is read by the lycée's staff as usual.
    assert Entretien.objects.visible_to(fresh(monde.chef_a)).filter(pk=entretien.pk).exists()


def test_la_regle_est_une_declaration_de_parcours(monde):
    assert perms.notes_de_l_operateur_designe(en_perimetre(fresh(monde.chef_a))) is None
    assert q_accordee(NoteConfidentielle, en_perimetre(fresh(monde.chef_a))) is None
    assert q_accordee(NoteConfidentielle, en_perimetre(fresh(monde.conseiller_a))) is not None
