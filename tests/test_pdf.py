import copy

import pytest

from avenirpro.pdf import BASE_URL, _fetcher, render_pdf


def test_render_pdf_produit_un_pdf(tmp_path, settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    (tmp_path / "essai.html").write_text("<html><body><p>Feuille d'émargement</p></body></html>")
    pdf = render_pdf("essai.html", {})
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    "url", ["http://exemple.fr/x.png", "file:///etc/passwd", f"{BASE_URL}static/../../etc/passwd"]
)
def test_aucune_ressource_exterieure_dans_un_pdf(url):
    with pytest.raises(ValueError, match="Ressource refusée"):
        _fetcher().fetch(url)
