"""Dossier status by receipt: the city's dossier system behind a narrow port, an HTTP
JSON adapter, and a desk that caches answers and watches the link's health."""
