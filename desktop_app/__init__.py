"""Наставник: a desktop program for a school's mentoring system for teachers."""

__version__ = "0.1.0"
APP_NAME = "Наставничество педагогов"
APP_ID = "nastavnik"
