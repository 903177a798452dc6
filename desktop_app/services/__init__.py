"""What the program does, as plain Python over the models. No Qt here."""
