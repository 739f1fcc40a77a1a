"""One module per family of app layout; each function draws one kind of page on a Screen and
declares the fields it made visible."""
