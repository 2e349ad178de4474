"""The shared form pieces of ``avenirpro.forms``."""

import pytest
from django import forms
from django.test.html import parse_html

from avenirpro.forms import ChoixPrets, Formulaire, ListeRapide, options_html

CHOIX = [("", "Choisir une mission locale"), ("a<b", "Mission locale d'Évry & co"), ("c", "Mission locale C")]


class AvecListeRapide(Formulaire):
    mission_locale = forms.ChoiceField(label="Mission locale", choices=CHOIX, widget=ListeRapide)


class AvecSelect(Formulaire):
    mission_locale = forms.ChoiceField(label="Mission locale", choices=CHOIX)


@pytest.mark.parametrize("valeur", ["c", "a<b", "", "inconnue"])
def test_la_liste_rapide_rend_le_meme_html_que_le_select_de_django(valeur):
    rapide = AvecListeRapide(initial={"mission_locale": valeur}, prefix="l7")
    django_ = AvecSelect(initial={"mission_locale": valeur}, prefix="l7")

    assert parse_html(str(rapide["mission_locale"])) == parse_html(str(django_["mission_locale"]))


def test_la_liste_rapide_marque_la_valeur_saisie_et_ses_erreurs():
    form = AvecListeRapide(data={"l7-mission_locale": "inconnue"}, prefix="l7")

    assert not form.is_valid()
    rendu = str(form["mission_locale"])
    assert 'aria-invalid="true"' in rendu
    assert "selected" not in rendu
    assert parse_html(rendu) == parse_html(
        str(AvecSelect(data={"l7-mission_locale": "inconnue"}, prefix="l7")["mission_locale"])
    )


def test_options_html_echappe_et_marque_la_valeur_choisie():
    html = options_html([("a<b", "Lycée « Jean & Marie »"), (7, "Sept")], 7)

    assert str(html) == (
        '<option value="a&lt;b">Lycée « Jean &amp; Marie »</option><option value="7" selected>Sept</option>'
    )
    assert "selected" not in options_html([("", "Toutes"), ("x", "X")], None)


def test_des_choix_prets_sont_gardes_tels_quels_et_valident_comme_une_liste():
    prets = ChoixPrets(CHOIX)
    form = AvecListeRapide(data={"l7-mission_locale": "c"}, prefix="l7")
    form.fields["mission_locale"].choices = prets
    refuse = AvecListeRapide(data={"l7-mission_locale": "inconnue"}, prefix="l7")
    refuse.fields["mission_locale"].choices = prets

    assert form.fields["mission_locale"].choices is prets
    assert form.is_valid() and form.cleaned_data["mission_locale"] == "c"
    assert not refuse.is_valid()
    assert parse_html(str(form["mission_locale"])) == parse_html(
        str(AvecListeRapide(data={"l7-mission_locale": "c"}, prefix="l7")["mission_locale"])
    )
