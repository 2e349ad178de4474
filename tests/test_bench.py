"""The benchmark's own arithmetic (bench/run.py): the rows a list shows, the throughput ratios, the
counsellor / head comparison. Not timed: ``make bench`` measures."""

import json

from bench.run import avec_ratios, conseiller_vs_chef, lignes_affichees


class Reponse:
    def __init__(self, corps: str, type_: str):
        self.text = corps
        self.headers = {"Content-Type": type_}

    def json(self):
        return json.loads(self.text)


def test_les_lignes_d_une_page_de_l_api_sont_ses_resultats():
    corps = json.dumps({"count": 120, "next": "…", "results": [{"uuid": "a"}, {"uuid": "b"}]})
    assert lignes_affichees(Reponse(corps, "application/json")) == 2


def test_les_lignes_d_une_page_html_sont_celles_de_ses_tableaux():
    corps = (
        "<table><thead><tr><th>Nom</th></tr></thead><tbody><tr><td>a</td></tr>\n"
        '<tr class="x"><td>b</td></tr></tbody></table><table><tbody><tr><td>c</td></tr></tbody></table>'
        "<p><track></p>"
    )
    assert lignes_affichees(Reponse(corps, "text/html; charset=utf-8")) == 3


def test_une_page_sans_tableau_n_a_pas_de_lignes():
    assert lignes_affichees(Reponse("<main><p>Rien</p></main>", "text/html")) is None


def test_le_conseiller_est_compare_au_chef_page_par_page_avec_les_lignes_de_chacun():
    pages = {
        "conseiller /lycees/eleves/": {"cpu_ms": 21.0, "rows": 50},
        "chef_etablissement /lycees/eleves/": {"cpu_ms": 15.0, "rows": 50},
        "conseiller /ateliers/evenements/": {"cpu_ms": 24.0, "rows": 50},
        "chef_etablissement /ateliers/evenements/": {"cpu_ms": 12.0, "rows": 8},
        "conseiller /avenirplus/conseillers/": {"cpu_ms": 19.0, "rows": 20},  # the head has no such page
        "pilote_national /lycees/eleves/": {"cpu_ms": 5.0, "rows": 0},
    }
    assert conseiller_vs_chef(pages) == {
        "/lycees/eleves/": {"cpu_ratio": 1.4, "rows": [50, 50], "same_rows": True},
        "/ateliers/evenements/": {"cpu_ratio": 2.0, "rows": [50, 8], "same_rows": False},
    }


def test_le_debit_d_une_page_est_compare_a_la_page_minimale_mesuree_autour_d_elle():
    brutes = {"chef /lycees/eleves/": {"rps": 60.0}, "chef /ateliers/seances/": {"rps": 30.0}}
    # The machine slowed down between the two pages: 200 then 100 requests/s for the minimal page.
    voisines = {"chef /lycees/eleves/": 200.0, "chef /ateliers/seances/": 100.0}
    pages = avec_ratios(brutes, voisines, rps_min=150.0)
    assert pages["chef /lycees/eleves/"] == {
        "rps": 60.0,
        "rps_ratio": 0.3,
        "minimal_rps_around": 200.0,
        "rps_ratio_to_run_median": 0.4,
    }
    assert pages["chef /ateliers/seances/"]["rps_ratio"] == 0.3
