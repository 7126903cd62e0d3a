"""Tests of geo.intake, one file per module."""
