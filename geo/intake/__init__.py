"""How data gets in: reading articles, extracting and geocoding what they name, and importing datasets.

Never draws and never imports Streamlit (``tests/test_architecture.py``).
"""
