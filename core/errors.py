"""One error vocabulary for forms, the API and imports."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A rule of SIMPOR was broken. ``code`` is stable; ``message`` is translated for the user.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, code: str, message: str, *, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def as_validation_error(self) -> ValidationError:
        if self.field:
            return ValidationError({self.field: ValidationError(self.message, code=self.code)})
        return ValidationError(self.message, code=self.code)
