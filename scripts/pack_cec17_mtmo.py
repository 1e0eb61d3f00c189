"""Pack the CEC 2017 multitask suite's numbers into problems/data/cec17_mtmo.npz.

The source is a folder of whitespace-separated text files, one matrix row per line:
the matrices ``Mcm2, Mpm1, Mpm2, Mnm2``, the shift vectors ``Scm2, Sph2, Spm1, Spl2,
Snl1``, the official IGD reference fronts ``PF_circle, PF_concave, PF_convex,
PF_sphere`` and the organisers' MO-MFEA final IGD values ``MOMFEA_IGD_<PROBLEM>``
(30 runs x 2 tasks). Each array is stored under its file name, as float64 read from
the text, so the packed numbers equal the text exactly.

Usage:
    python scripts/pack_cec17_mtmo.py /path/to/cec17_mtmo
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "problems" / "data" / "cec17_mtmo.npz"
VECTORS = ("Scm2", "Sph2", "Spm1", "Spl2", "Snl1")


def pack(source: Path) -> dict[str, np.ndarray]:
    """Every text file of ``source`` as an array keyed by its stem (vectors as 1-D)."""
    arrays = {}
    for path in sorted(source.glob("*.txt")):
        A = np.loadtxt(path, dtype=np.float64, ndmin=2)
        arrays[path.stem] = A.ravel() if path.stem in VECTORS else A
    return arrays


if __name__ == "__main__":
    arrays = pack(Path(sys.argv[1]))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} with {len(arrays)} arrays: {', '.join(arrays)}")
