"""Mapping the evidence of who arms, finances and shields Myanmar's military.

The domain package behind the dashboard: schema and validation of the data
files (``schema``, ``dataset``), the SQLite store (``store``), the view
query grammar and filters (``query``, ``filters``, ``evidence``), map
building (``mapping``), exports (``export``), and the command line
(``cli``, one module per command under ``commands``). Only ``geo.ui``
imports Streamlit.
"""

__version__ = "0.1.0"
