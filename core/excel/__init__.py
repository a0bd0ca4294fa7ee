"""The Excel workbook for importing and exporting SAKIP data (openpyxl).

- :mod:`core.excel.template`: the layout (sheets, columns, choices), the Petunjuk text and the example
  rows, defined once;
- :mod:`core.excel.reader`: file checks and reading cells into typed values, with every problem located;
- :mod:`core.excel.writer`: the template and the export.
"""

from core.excel.reader import (
    Bacaan,
    Baris,
    BatasBerkas,
    MasalahImpor,
    baca_workbook,
    periksa_berkas,
)
from core.excel.template import LEMBAR_DATA, PETUNJUK, Jenis, Kolom, Lembar
from core.excel.writer import IsiWorkbook, buat_template, tulis_workbook

__all__ = [
    "LEMBAR_DATA",
    "PETUNJUK",
    "Bacaan",
    "Baris",
    "BatasBerkas",
    "IsiWorkbook",
    "Jenis",
    "Kolom",
    "Lembar",
    "MasalahImpor",
    "baca_workbook",
    "buat_template",
    "periksa_berkas",
    "tulis_workbook",
]
