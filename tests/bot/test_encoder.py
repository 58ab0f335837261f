"""The pretrained sentence encoder: pinned files, and vectors that carry meaning."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.encoder import DIMENSION, EncoderError, SentenceEncoder, default_model_dir, verify


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


def test_the_installed_files_match_the_pinned_hashes():
    verify(default_model_dir())


def test_a_changed_file_is_refused(tmp_path: Path):
    copy = tmp_path / "model"
    shutil.copytree(default_model_dir(), copy)
    (copy / "config.json").write_text((copy / "config.json").read_text().replace("384", "385"))
    with pytest.raises(EncoderError, match="config.json"):
        SentenceEncoder(copy)


def test_vectors_have_unit_length_and_the_model_size(encoder: SentenceEncoder):
    vectors = encoder.encode(["how much calcium do I need", "", "a " * 600])
    assert vectors.shape == (3, DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_paraphrases_land_closer_than_unrelated_questions(encoder: SentenceEncoder):
    legs, weak, calcium = encoder.encode(["both my legs went weak and wobbly",
                                          "my legs keep giving way under me",
                                          "which foods are rich in calcium"])
    assert float(legs @ weak) > float(legs @ calcium) + 0.3


def test_a_batch_gives_the_same_vectors_as_one_at_a_time(encoder: SentenceEncoder):
    texts = ["short one", "a somewhat longer message about back pain after a caesarean section"]
    together = encoder.encode(texts)
    apart = np.vstack([encoder.encode([t]) for t in texts])
    assert np.allclose(together, apart, atol=1e-4)


def test_an_empty_or_blank_message_still_gets_a_vector(encoder: SentenceEncoder):
    vectors = encoder.encode(["", "   "])
    assert vectors.shape == (2, DIMENSION) and np.isfinite(vectors).all()


def test_the_fast_gelu_matches_the_exact_one():
    from bot.encoder import _gelu, _gelu_exact

    x = np.linspace(-12, 12, 100_001, dtype=np.float32)
    fast = _gelu(x)
    assert fast.dtype == np.float32
    assert np.abs(fast - _gelu_exact(x)).max() < 1e-6


def test_the_fast_gelu_leaves_the_vectors_as_they_were(encoder: SentenceEncoder, monkeypatch):
    import bot.encoder as module

    texts = ["my lower back aches after feeding", "can I take ibuprofen while breastfeeding at 3 weeks?"]
    fast = encoder.encode(texts)
    monkeypatch.setattr(module, "_gelu", module._gelu_exact)
    assert np.abs(fast - encoder.encode(texts)).max() < 1e-5
