"""The shared form pieces of ``avenirpro.forms``."""

from avenirpro.forms import options_html


def test_options_html_echappe_et_marque_la_valeur_choisie():
    html = options_html([("a<b", "Lycée « Jean & Marie »"), (7, "Sept")], 7)

    assert str(html) == (
        '<option value="a&lt;b">Lycée « Jean &amp; Marie »</option><option value="7" selected>Sept</option>'
    )
    assert "selected" not in options_html([("", "Toutes"), ("x", "X")], None)
