"""Qt only: windows, views, table models, forms, dialogs. The only package importing PySide6."""
