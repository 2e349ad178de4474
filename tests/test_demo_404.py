"""In the demo (DEBUG), a 404 shows the site's DSFR page, not Django's technical page."""


def test_en_demo_une_page_introuvable_est_la_page_dsfr(client, db, settings):
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "avenirpro.middleware.PageIntrouvableDemoMiddleware"]
    reponse = client.get("/nulle-part/")
    assert reponse.status_code == 404
    texte = reponse.content.decode()
    assert "Erreur 404" in texte
    assert "DEBUG = True" not in texte
    assert "fr-footer" in texte
    api = client.get("/api/v1/nulle-part/")
    assert api.status_code == 404
    assert api["Content-Type"] == "application/json"
