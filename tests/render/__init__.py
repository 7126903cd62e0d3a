"""Tests of geo.render, one file per module."""
