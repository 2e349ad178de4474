"""Fields of request bodies that name objects by uuid, resolved through the périmètre's own lookup.

A uuid the caller cannot read and a uuid that does not exist get the same answer: 400 with
« introuvable » on the field — never the object's name, never a 403.
"""

import re

from rest_framework import serializers

MESSAGE_INTROUVABLE = "« {value} » introuvable."

# What the API reads and writes for a time of day: « 13:30 », « 13:30:00 », « 13:30:00.250000 », local time
# without offset. OpenAPI's `format: time` is RFC 3339's full-time, which requires one (« 13:30:00Z »):
# the schema gives this pattern instead (avenirpro/api/schema.py).
HEURE_REGEX = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


class UuidVisibleField(serializers.SlugRelatedField):
    """An object by its uuid, among ``queryset`` — give it a ``visible_to(...)`` queryset, or a callable
    ``queryset(request)`` evaluated per request."""

    default_error_messages = {
        "does_not_exist": MESSAGE_INTROUVABLE,
        "invalid": "Identifiant invalide : un uuid est attendu.",
    }

    def __init__(self, *, queryset_pour=None, **kwargs):
        self.queryset_pour = queryset_pour
        kwargs.setdefault("slug_field", "uuid")
        if queryset_pour is not None and not kwargs.get("read_only"):
            kwargs.setdefault("queryset", None)
        super().__init__(**kwargs)

    def get_queryset(self):
        if self.queryset_pour is not None:
            return self.queryset_pour(self.context["request"])
        return super().get_queryset()

    def to_internal_value(self, data):
        from avenirpro.requetes import lire_uuid

        cle = lire_uuid(data)
        if cle is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:50])
        return super().to_internal_value(cle)


class HeureField(serializers.TimeField):
    """A local time of day, « 13:30 » or « 13:30:00 », as the schema describes it (``HEURE_REGEX``): Django's
    parser alone also takes « 1:5 » or an offset, which the schema does not promise."""

    default_error_messages = {"invalid": "Heure invalide : utilisez le format HH:MM ou HH:MM:SS (ex. 13:30)."}

    def to_internal_value(self, value):
        if isinstance(value, str) and not re.fullmatch(HEURE_REGEX, value):
            self.fail("invalid", format="HH:MM")
        return super().to_internal_value(value)


# --- Text fields take text --------------------------------------------------------------------------------

MESSAGE_TEXTE = "Texte attendu (une chaîne entre guillemets), pas un nombre."
_lire_texte_drf = serializers.CharField.to_internal_value


def _texte_seulement(self, data):
    """The schema says ``type: string``: a JSON number (``"nom": 476``) is refused, where DRF turned it into
    « 476 » and created the class (schemathesis, ST201). Set on ``serializers.CharField`` itself at start-up
    (``avenirpro.apps``), so every text field of every serializer, declared or derived from a model, says
    the same; form bodies are text already."""
    if isinstance(data, int | float) and not isinstance(data, bool):
        raise serializers.ValidationError(MESSAGE_TEXTE, code="invalid")
    return _lire_texte_drf(self, data)


def textes_stricts() -> None:
    serializers.CharField.to_internal_value = _texte_seulement
