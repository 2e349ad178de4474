"""Templates speak French plurals: 0 and 1 take the singular."""

import pytest
from django.template import Context, Template


@pytest.mark.parametrize(
    ("gabarit", "valeur", "attendu"),
    [
        ("{{ n }} réponse{{ n|pluralize }}", 0, "0 réponse"),
        ("{{ n }} réponse{{ n|pluralize }}", 1, "1 réponse"),
        ("{{ n }} réponse{{ n|pluralize }}", 2, "2 réponses"),
        ("{{ n }} journ{{ n|pluralize:'al,aux' }}", 3, "3 journaux"),
        ("{{ n }} journ{{ n|pluralize:'al,aux' }}", 0, "0 journal"),
        ("classe{{ n|pluralize }}", [1, 2], "classes"),
        ("classe{{ n|pluralize }}", [], "classe"),
        ("x{{ n|pluralize }}", "abc", "x"),
    ],
)
def test_pluriel_francais(gabarit, valeur, attendu):
    assert Template(gabarit).render(Context({"n": valeur})) == attendu
