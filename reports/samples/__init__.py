"""Sample maps shipped with the package (package data)."""
