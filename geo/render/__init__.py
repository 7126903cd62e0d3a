"""Data out as pictures: maps, timelines, networks, annotated articles and snapshots.

Never imports Streamlit, and never the intake side (``tests/test_architecture.py``).
"""
