"""Output adapters at the edge of core: charts (matplotlib), spreadsheets (openpyxl) and PDFs.

The bot, the API and the CLI call these same functions.
"""
