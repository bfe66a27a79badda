"""Is a Markdown/text file the OCR of a handwritten page?

Mathpix-style OCR of handwriting pads every inline formula with two spaces on
each side (``cost  $C$  w.r.t.  $n$``), a habit no one typing Markdown has.
A file is read as OCR'd when it has at least ``MIN_INLINE`` one-line inline
``$…$`` formulas and at least ``SHARE`` of them are padded so (or stand at the
edge of their line on that side). The grader then reads its math with the
notation reader's ``ocr`` option (Greek look-alikes with numeric scripts, such
as ``\\alpha_2^2``, read as the network quantity they resemble, a^2_2).

Linear in the text; library code: never prints, never evaluates the text.
"""

from __future__ import annotations

import re

MIN_INLINE = 4
SHARE = 0.6

_INLINE = re.compile(r"(?<![$\\])\$(?!\$)[^$\n]{1,400}?(?<![\\\s])\$(?!\$)")


def looks_ocr(text: str) -> bool:
    """True when ``text`` has the inline-formula padding of Mathpix-style OCR."""
    n = padded = 0
    for m in _INLINE.finditer(text):
        n += 1
        before = text[max(0, m.start() - 2):m.start()]
        after = text[m.end():m.end() + 2]
        left = before == "  " or before.endswith("\n") or m.start() == 0
        right = after == "  " or after[:1] in ("\n", "") or after == " \n"
        padded += left and right
    return n >= MIN_INLINE and padded >= SHARE * n
