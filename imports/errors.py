"""An error in one cell (or row) of an import file, located the way the user sees the file."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from imports.columns import PACKAGE_SHEET


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    @property
    def text(self) -> str:
        """The whole sentence: where the error is, what is wrong and how to fix it."""
        if self.sheet == PACKAGE_SHEET:
            return _("Row %(row)s, column '%(column)s': %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Sheet '%(sheet)s', row %(row)s, column '%(column)s': %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def __str__(self) -> str:
        return self.text
