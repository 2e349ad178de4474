"""``avenirpro.pagination.PaginatorParIds``: the same pages as Django's paginator (rows, order, joins,
annotations), the page chosen on the ids and then fetched by primary key."""

import pytest
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, F

from avenirpro.pagination import PaginatorParIds
from lycees.models import Eleve
from tests import factories as f

RAISON = "test : pagination par identifiants"


def _eleves():
    return (
        Eleve.objects.unscoped(RAISON)
        .select_related("division", "lycee")
        .annotate(n=Count("division__eleves"), lettre=F("nom"))
        .order_by("division__nom", "-nom", "pk")
    )


@pytest.fixture
def eleves(monde):
    division = f.DivisionFactory(lycee=monde.lycee_a, nom="ZZ")
    f.EleveFactory.create_batch(7, division=division, lycee=monde.lycee_a)
    return _eleves()


@pytest.mark.parametrize("par_page", [2, 3, 50])
def test_chaque_page_a_les_memes_lignes_dans_le_meme_ordre(eleves, par_page):
    django, par_ids = Paginator(eleves, par_page), PaginatorParIds(_eleves(), par_page)

    assert par_ids.num_pages == django.num_pages > 0
    for numero in django.page_range:
        attendu, obtenu = django.page(numero), par_ids.page(numero)
        assert [e.pk for e in obtenu] == [e.pk for e in attendu]
        assert [(e.n, e.lettre, e.division.nom) for e in obtenu] == [
            (e.n, e.lettre, e.division.nom) for e in attendu
        ]
        assert (obtenu.has_next(), obtenu.start_index()) == (attendu.has_next(), attendu.start_index())


def test_la_page_et_ses_jointures_coutent_deux_requetes_sans_compter(eleves, django_assert_num_queries):
    paginator = PaginatorParIds(_eleves(), 3)
    paginator.count = 9  # given by the view, as the students list does

    with django_assert_num_queries(2):  # the page's ids, then its rows with their joins
        lignes = list(paginator.page(2))
    with django_assert_num_queries(0):
        assert all(e.division.nom and e.lycee.nom for e in lignes)


def test_une_liste_vide_donne_une_page_vide(db):
    page = PaginatorParIds(Eleve.objects.unscoped(RAISON).order_by("pk"), 50).get_page(1)

    assert list(page) == []
    assert page.paginator.count == 0


def test_des_valeurs_ou_une_liste_sont_paginees_comme_par_django(eleves):
    valeurs = PaginatorParIds(_eleves().values("pk", "nom"), 3).page(1)
    liste = PaginatorParIds(list(range(7)), 3).page(3)

    assert [v["pk"] for v in valeurs] == [e.pk for e in Paginator(_eleves(), 3).page(1)]
    assert list(liste) == [6]


def _sans_regroupement():
    return Eleve.objects.unscoped(RAISON).select_related("division").order_by("-nom", "pk")


@pytest.mark.parametrize(("par_page", "orphelins"), [(3, 0), (3, 1), (50, 0)])
def test_le_compte_vient_avec_les_ids_et_vaut_celui_de_django(eleves, par_page, orphelins):
    django = Paginator(_sans_regroupement(), par_page, orphans=orphelins)

    for numero in django.page_range:
        par_ids = PaginatorParIds(_sans_regroupement(), par_page, orphans=orphelins)
        obtenu = par_ids.page(numero)
        assert par_ids.count == django.count
        assert [e.pk for e in obtenu] == [e.pk for e in django.page(numero)]


@pytest.mark.parametrize("numero", [2, "2", None, "abc"])  # a page number, none or not a number (page 1)
def test_une_page_et_son_compte_coutent_deux_requetes(eleves, django_assert_num_queries, numero):
    total = _sans_regroupement().count()

    with django_assert_num_queries(2):  # the ids with the count, then the rows with their joins
        page = PaginatorParIds(_sans_regroupement(), 3).get_page(numero)
        assert (page.paginator.count, len(page)) == (total, 3)
        assert all(e.division.nom for e in page)


def test_apres_la_derniere_page_get_page_donne_la_derniere(eleves):
    django = Paginator(_sans_regroupement(), 3)

    page = PaginatorParIds(_sans_regroupement(), 3).get_page(django.num_pages + 5)

    assert (page.number, [e.pk for e in page]) == (
        django.num_pages,
        [e.pk for e in django.page(django.num_pages)],
    )


def test_un_numero_qui_n_est_pas_un_nombre_donne_la_premiere_page(eleves):
    page = PaginatorParIds(_sans_regroupement(), 3).get_page("abc")

    assert page.number == 1


def test_page_refuse_un_numero_apres_la_derniere(eleves):
    apres = Paginator(_sans_regroupement(), 3).num_pages + 1

    with pytest.raises(EmptyPage):
        PaginatorParIds(_sans_regroupement(), 3).page(apres)


def test_des_lignes_distinctes_sont_comptees_apart(eleves, monde):
    distinctes = Eleve.objects.unscoped(RAISON).filter(lycee=monde.lycee_a).order_by("nom", "pk").distinct()
    django = Paginator(distinctes, 3)

    par_ids = PaginatorParIds(distinctes, 3)
    assert [e.pk for e in par_ids.page(1)] == [e.pk for e in django.page(1)]
    assert par_ids.count == django.count


@pytest.mark.parametrize("numero", [2**40, 499099960214130458624])
def test_un_numero_hors_de_portee_de_la_base_est_une_page_vide_sans_erreur(eleves, numero):
    paginator = PaginatorParIds(_sans_regroupement(), 3)

    with pytest.raises(EmptyPage):
        paginator.page(numero)
    assert paginator.get_page(numero).number == paginator.num_pages


def test_les_totaux_viennent_avec_les_ids_de_la_page_et_sont_comptes_a_part_apres_la_derniere(
    eleves, django_assert_num_queries
):
    from django.db.models import Q

    eleves_de_zz = Eleve.objects.unscoped(RAISON).filter(division__nom="ZZ")
    eleves_de_zz.filter(pk__in=list(eleves_de_zz.values_list("pk", flat=True)[:3])).update(
        famille_informee_le="2026-11-02"
    )
    totaux = {"informees": Count("pk", filter=Q(famille_informee_le__isnull=False))}
    attendu = Eleve.objects.unscoped(RAISON).aggregate(**totaux)["informees"]
    assert attendu >= 3

    liste = Eleve.objects.unscoped(RAISON).select_related("division").order_by("nom", "pk")
    paginator = PaginatorParIds(liste, 3, totaux=totaux)
    with django_assert_num_queries(2):  # the ids with the count and the totals, then the rows
        paginator.page(1)
    assert paginator.totaux == {"informees": attendu}
    assert paginator.count == Eleve.objects.unscoped(RAISON).count()

    apres = PaginatorParIds(liste, 3, totaux=totaux)
    page = apres.get_page(999)  # past the end: the last page, the totals asked alone
    assert page.number == apres.num_pages
    assert apres.totaux == {"informees": attendu}
