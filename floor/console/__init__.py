"""The floor console: a live web page and JSON API for center managers and staff."""
