"""Reading a list's rows into JSON without DRF's introspection of every value (``LectureRapide``).

DRF reads each field of each row through ``fields.get_attribute``: an ``isinstance(…, Mapping)`` (an
abstract-class check) and ``is_simple_callable`` — ``inspect.signature`` of every method it meets
(``get_theme_display``, ``annee.__str__``) — for every value. On a page of 50 séances that was more than
half of the serialisation time. ``LectureRapide`` reads the same attributes with ``getattr``, and asks
``is_simple_callable`` once per class and attribute name (a method of a model stays a method); the
conversions are the fields' own ``to_representation``.

Only the fields that keep DRF's ``Field.get_attribute`` go this way (plain fields, nested serializers,
``SerializerMethodField``); relations that redefine it (``PrimaryKeyRelatedField``, ``many=True``
relations) keep theirs. When reading a value raises (a missing related object, a ``None`` on the way), the
field is read again by DRF, which decides as it always does (``None``, its default, or the key left out).

Under the tests (``API_VERIFIER_SERIALISATION``), every row is also serialised by DRF and the two must
be equal: the API's whole test suite checks this module.
"""

from django.conf import settings
from rest_framework.fields import Field, SkipField, is_simple_callable
from rest_framework.relations import PKOnlyObject

_APPELABLE: dict[tuple[type, str], bool] = {}


def _appelable(proprietaire: object, attribut: str, valeur: object) -> bool:
    """DRF's ``is_simple_callable(valeur)``, asked once per class and attribute name."""
    cle = (type(proprietaire), attribut)
    resultat = _APPELABLE.get(cle)
    if resultat is None:
        resultat = _APPELABLE[cle] = is_simple_callable(valeur)
    return resultat


def _lire(instance: object, attributs: list[str]) -> object:
    valeur = instance
    for attribut in attributs:
        precedente = valeur
        valeur = precedente[attribut] if type(precedente) is dict else getattr(precedente, attribut)
        if callable(valeur) and _appelable(precedente, attribut, valeur):
            valeur = valeur()
    return valeur


class LectureRapide:
    """Mixin of a (Model)Serializer: its ``to_representation`` reads the fields without DRF's per-value
    introspection; the same dict as DRF's (see the module docstring)."""

    def _plan_de_lecture(self) -> list[tuple[str, list[str] | None, Field]]:
        plan = self.__dict__.get("_plan_lecture")
        if plan is None:
            plan = [
                (
                    champ.field_name,
                    champ.source_attrs if type(champ).get_attribute is Field.get_attribute else None,
                    champ,
                )
                for champ in self.fields.values()
                if not champ.write_only
            ]
            self.__dict__["_plan_lecture"] = plan
        return plan

    def to_representation(self, instance):
        resultat = {}
        for nom, attributs, champ in self._plan_de_lecture():
            try:
                if attributs is None:
                    valeur = champ.get_attribute(instance)
                else:
                    try:
                        valeur = _lire(instance, attributs)
                    except Exception:  # DRF decides: None, the default, the key left out, or the error
                        valeur = champ.get_attribute(instance)
            except SkipField:
                continue
            # DRF's ``check_for_none``: None, or a relation's PKOnlyObject without a primary key
            vide = valeur.pk is None if isinstance(valeur, PKOnlyObject) else valeur is None
            resultat[nom] = None if vide else champ.to_representation(valeur)
        if getattr(settings, "API_VERIFIER_SERIALISATION", False):
            attendu = super().to_representation(instance)
            if resultat != attendu:
                raise AssertionError(
                    f"{type(self).__name__} : la lecture rapide diffère de DRF.\n{resultat}\n{attendu}"
                )
        return resultat
