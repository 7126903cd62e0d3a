"""Tests of geo.ui, one file per module."""
