"""``avenirpro.db.expressions.Parmi``: « one of the subquery's values », the same rows as ``__in``, written
``= ANY(ARRAY(…))`` on PostgreSQL so that the grants it joins by OR stay index conditions."""

import pytest
from django.db.models import Q

from avenirpro.access import perimetre_de
from avenirpro.db.expressions import Parmi, ParmiValeurs, parmi_en_filtre
from lycees.models import Affectation, Eleve, Lycee
from tests.services import require_postgres

RAISON = "test : Parmi comparé à __in"


def _lycees(q: Q) -> set[int]:
    return set(Lycee.objects.filter(q).values_list("pk", flat=True))


def test_parmi_donne_les_memes_lignes_que_in_seul_ou_combine(monde):
    affectes = Affectation.objects.filter(operateur=monde.ft_a).values("lycee_id")
    b = Q(pk=monde.lycee_b.pk)

    assert _lycees(Q(Parmi("pk", affectes))) == _lycees(Q(pk__in=affectes)) == {monde.lycee_a.pk}
    assert _lycees(Q(Parmi("pk", affectes)) | b) == _lycees(Q(pk__in=affectes) | b)
    assert _lycees(~Q(Parmi("pk", affectes))) == _lycees(~Q(pk__in=affectes))
    assert monde.lycee_a.pk not in _lycees(~Q(Parmi("pk", affectes)))


def test_parmi_d_une_sous_requete_vide_ne_donne_rien(monde):
    aucune = Affectation.objects.filter(operateur=monde.ml_b, lycee=monde.lycee_a).values("lycee_id")

    assert _lycees(Q(Parmi("pk", aucune))) == set()


def test_parmi_suit_un_chemin_de_jointure(monde):
    affectes = Affectation.objects.filter(operateur=monde.ft_a).values("lycee_id")
    eleves = Eleve.objects.unscoped(RAISON).filter(Parmi("division__lycee", affectes))

    assert set(eleves.values_list("pk", flat=True)) == {e.pk for e in monde.eleves_a}


@pytest.mark.postgres
def test_sur_postgresql_les_deux_accords_du_conseiller_sont_des_conditions_d_index(monde):
    """The counsellor's students: phase 1 (the lycées named on) OR AvenirPro+ (the enrolments followed).
    Each arm of the OR is ``= ANY(ARRAY(…))`` (a BitmapOr of two index scans), never a bare ``EXISTS``
    that PostgreSQL can only evaluate row by row over the whole year."""
    require_postgres()
    sql, _ = Eleve.objects.visible_to(perimetre_de(monde.conseiller_b)).query.sql_with_params()

    assert '"lycees_eleve"."lycee_id" = ANY(%s::bigint[])' in sql
    assert '"lycees_eleve"."id" = ANY(ARRAY(SELECT' in sql
    assert "OR EXISTS" not in sql


def test_parmi_en_filtre_donne_les_memes_lignes(monde):
    affectes = Affectation.objects.filter(operateur=monde.ft_a).values("lycee_id")
    b = Q(pk=monde.lycee_b.pk)

    with parmi_en_filtre():
        en_filtre = _lycees(Q(Parmi("pk", affectes)) | b)
    assert en_filtre == _lycees(Q(Parmi("pk", affectes)) | b) == {monde.lycee_a.pk, monde.lycee_b.pk}


@pytest.mark.postgres
def test_sur_postgresql_parmi_en_filtre_n_est_pas_une_condition_d_index(monde):
    require_postgres()
    affectes = Affectation.objects.filter(operateur=monde.ft_a).values("lycee_id")
    requete = Lycee.objects.filter(Parmi("pk", affectes))

    with parmi_en_filtre():
        sql_filtre = str(requete.query)
    sql_index = str(requete.query)

    assert '("lycees_lycee"."id" + 0) = ANY(ARRAY(SELECT' in sql_filtre
    assert '"lycees_lycee"."id" = ANY(ARRAY(SELECT' in sql_index


def test_parmi_valeurs_donne_les_memes_lignes_que_in(monde):
    ids = [monde.lycee_a.pk]
    b = Q(pk=monde.lycee_b.pk)

    assert _lycees(Q(ParmiValeurs("pk", ids))) == _lycees(Q(pk__in=ids)) == {monde.lycee_a.pk}
    assert _lycees(Q(ParmiValeurs("pk", ids)) | b) == {monde.lycee_a.pk, monde.lycee_b.pk}
    assert _lycees(~Q(ParmiValeurs("pk", ids))) == _lycees(~Q(pk__in=ids))
    assert _lycees(Q(ParmiValeurs("pk", []))) == set()
    with parmi_en_filtre():
        assert _lycees(Q(ParmiValeurs("pk", ids)) | b) == {monde.lycee_a.pk, monde.lycee_b.pk}


def test_parmi_valeurs_suit_un_chemin_de_jointure_et_lie_un_seul_parametre(monde):
    ids = [monde.lycee_a.pk, monde.lycee_b.pk]
    eleves = Eleve.objects.unscoped(RAISON).filter(ParmiValeurs("division__lycee", ids))
    sql_un, params_un = Lycee.objects.filter(ParmiValeurs("pk", ids[:1])).query.sql_with_params()
    sql_deux, params_deux = Lycee.objects.filter(ParmiValeurs("pk", ids)).query.sql_with_params()

    assert {e.pk for e in monde.eleves_a} <= set(eleves.values_list("pk", flat=True))
    assert sql_un == sql_deux
    assert len(params_un) == len(params_deux)
