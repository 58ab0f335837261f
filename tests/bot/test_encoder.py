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


def test_the_onnx_graph_gives_the_vectors_of_the_reference_numpy_pass(encoder: SentenceEncoder):
    # A batch of different lengths (padding masked) and one message alone: both must match BERT
    # written out step by step in numpy, to well under what moves the classifier.
    from bot.encoder import _load, reference_forward

    weights = _load(default_model_dir())
    texts = ["my lower back aches after feeding",
             "can I take ibuprofen while breastfeeding at 3 weeks, or is paracetamol the safer one to use?",
             "ok"]
    ids, mask = encoder.tokenize(texts)
    assert mask.sum(1).min() < mask.shape[1]  # the batch really is padded
    reference = reference_forward(weights, ids, mask.astype(np.float32))
    assert np.abs(encoder.encode(texts) - reference).max() < 1e-5
    ids, mask = encoder.tokenize(texts[1:2])
    assert np.abs(encoder.encode(texts[1:2]) - reference_forward(weights, ids, mask.astype(np.float32))).max() < 1e-5
