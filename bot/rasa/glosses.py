"""Give the classifier English words for what a message partly in another language says.

The classifier learnt English (its sentence encoder too): "jai mal au dos, enceinte de 30 semaines" or "wo yao
teng, huai yun 30 zhou" reads to it as noise. ``content/languages.yml`` lists, under ``glosses``, phrases of the
languages patients mix into their English with what they mean in English; for a message ``detect`` finds (partly) in
another language, this step adds those English words to the text the classifier reads (``classifier_text``). The
red-flag rules and the replies read the patient's own words, never the added ones; an English message is left as
it is. Training examples go through the same step, so the mixed-language examples in ``data/nlu`` are read alike.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import LiveLanguages
from bot.rasa.cut_text import CLASSIFIER_TEXT, FULL_TEXT
from bot.settings import Settings

log = logging.getLogger(__name__)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class EnglishGlosses(GraphComponent):
    """After CutLongText: the English meanings of listed phrases of other languages, added for the classifier."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def __init__(self, languages: LiveLanguages | None) -> None:
        self._languages = languages

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> EnglishGlosses:
        return cls(LiveLanguages(Settings.from_env().content_dir))

    def process(self, messages: list[Message]) -> list[Message]:
        if self._languages is None:
            return messages
        try:
            lists = self._languages.current()
        except Exception as err:  # noqa: BLE001 - without glosses the classifier still reads the patient's words
            log.error("could not read the glosses (%s)", type(err).__name__)
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            added = lists.gloss(message.get(FULL_TEXT) or text)
            if added:
                message.set(CLASSIFIER_TEXT, f"{text} ({added})")
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
