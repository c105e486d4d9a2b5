"""Bulk imports from spreadsheets (CSV and XLSX), validated row by row and written all at once."""
