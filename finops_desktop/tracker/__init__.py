"""The workbook's tracker, both ways: its layout (shared by the export that writes it) and the
reader that takes the client's progress back. No Qt, and no openpyxl on the reading path.
"""
