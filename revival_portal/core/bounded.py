"""Bounded text: every free-text field has a maximum length in the model, the form and the serializer.

``BoundedTextField`` is a TextField whose ``max_length`` is also checked by ``full_clean`` (a plain
TextField passes it to forms and serializers only), so a service refuses an over-long text too.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

# A note, a reason, a justification: a few paragraphs.
NOTE_MAX_LENGTH = 2000
# A purpose, a scope, a delivery schedule, a process description: a page or two.
LONG_TEXT_MAX_LENGTH = 10000


class BoundedTextField(models.TextField):
    """A TextField of at most ``max_length`` characters (``NOTE_MAX_LENGTH`` unless given)."""

    def __init__(self, *args, max_length: int = NOTE_MAX_LENGTH, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
