"""Front doors: thin adapters that parse platform events and render neutral replies."""
