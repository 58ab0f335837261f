"""The dense sentence features: every message gets them, the empty one included."""

from __future__ import annotations

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.shared.nlu.training_data.message import Message

from bot.encoder import DIMENSION
from bot.rasa.sentence_features import SentenceEncoderFeaturizer


def featurizer() -> SentenceEncoderFeaturizer:
    config = SentenceEncoderFeaturizer.get_default_config()
    return SentenceEncoderFeaturizer(config, ExecutionContext(GraphSchema({}), node_name="sentence_features"))


def test_each_message_gets_one_sentence_vector_even_when_empty():
    messages = [Message(data={"text": t}) for t in ("my legs gave way", "", "   ")]
    featurizer().process(messages)
    for message in messages:
        _, sentence = message.get_dense_features("text")
        assert sentence is not None and sentence.features.shape == (1, DIMENSION)
