"""French plural in every template: « 0 réponse », « 1 élève », « 2 élèves ».

Django's ``pluralize`` follows English (0 takes the plural: « 0 réponses »). This library is a template
builtin (settings ``TEMPLATES``), so its ``pluralize`` replaces Django's everywhere with the same
arguments (``|pluralize``, ``|pluralize:"x"``, ``|pluralize:"al,aux"``) and French's rule: the plural
from 2 on.
"""

from django import template

register = template.Library()


@register.filter(is_safe=False)
def pluralize(value, arg="s"):
    if "," not in arg:
        arg = "," + arg
    bits = arg.split(",")
    if len(bits) > 2:
        return ""
    singulier, pluriel = bits[:2]
    try:
        nombre = abs(float(value))
    except ValueError:  # a string that is not a number: like Django, no suffix
        return ""
    except TypeError:  # a list or a queryset: its length
        try:
            nombre = len(value)
        except TypeError:
            return ""
    return pluriel if nombre >= 2 else singulier
