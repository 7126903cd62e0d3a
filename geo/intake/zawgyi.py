"""Zawgyi, the legacy Burmese font encoding: detected with Google's model, converted with ICU's Zawgyi-my transform.

Zawgyi reuses Myanmar code points with other meanings, so Zawgyi text read as
Unicode is garbage to extraction. :func:`zawgyi_probability` asks
``myanmartools``' ``ZawgyiDetector`` (Google's Markov model, the one Android
uses); :func:`convert_zawgyi` runs ICU's ``Zawgyi-my`` transliterator through
``uconv`` (Debian package ``icu-devtools``, installed by ``scripts/setup``).
The converted text is shown for review before anything is stored.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from geo.errors import IngestFailed

__all__ = ["ZAWGYI_THRESHOLD", "convert_zawgyi", "zawgyi_probability"]

# Google's model gives Unicode Burmese ~0 and Zawgyi ~1; 0.95 is its documented "is Zawgyi" cut-off.
ZAWGYI_THRESHOLD = 0.95


@functools.cache
def _detector():
    from myanmartools import ZawgyiDetector

    return ZawgyiDetector()


def zawgyi_probability(text: str) -> float:
    """The model's probability that the Burmese of ``text`` is Zawgyi (0.0 when it has no Burmese)."""
    if not any("\u1000" <= c <= "\u109f" for c in text):
        return 0.0
    return float(_detector().get_zawgyi_probability(text))


def convert_zawgyi(text: str, source: str) -> str:
    """``text`` converted from Zawgyi to Unicode Burmese with ICU's Zawgyi-my transform (``uconv``)."""
    uconv = shutil.which("uconv")
    if uconv is None:
        raise IngestFailed(
            f"{source}: the Burmese text is in the legacy Zawgyi encoding and ICU's converter (uconv) is not "
            "installed. Fix: run scripts/setup (it installs Debian's icu-devtools), or convert it first with "
            f"`uconv -x Zawgyi-my {source} > unicode.txt`"
        )
    result = subprocess.run(
        [uconv, "-f", "utf-8", "-t", "utf-8", "-x", "Zawgyi-my"],
        input=text.encode("utf-8"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        raise IngestFailed(
            f"{source}: converting the Zawgyi text failed ({result.stderr.decode(errors='replace').strip()}). "
            f"Fix: convert it by hand with `uconv -x Zawgyi-my {source} > unicode.txt`"
        )
    return result.stdout.decode("utf-8")
