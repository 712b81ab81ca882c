"""Pretrained artifacts shipped with the package (files, not code)."""
