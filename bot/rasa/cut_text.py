"""Cut a very long message before the classifier reads it; the red-flag rules still read all of it.

The classifier's featurizers grow with the text (a 20,000-character message took 0.4 s on Rasa's
event loop, holding up every other patient). What a message is about shows in its first and last
few sentences, so the classifier gets the head and the tail; the whole text stays on the message
as ``full_text`` for the triage step, which reads every word in time linear in its length.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

FULL_TEXT = "full_text"
CLASSIFIER_TEXT = "classifier_text"  # the text the classifier reads when a step added to it (bot/rasa/glosses.py)
HEAD_CHARS = 1_500
TAIL_CHARS = 500


def classifier_text(message: Message) -> str:
    """What the featurizers and the classifier read: the (cut) text, with any English glosses added."""
    added = message.get(CLASSIFIER_TEXT)
    return added if isinstance(added, str) else (message.get(TEXT) or "")


def cut(text: str) -> str:
    """The head and the tail of a long text, joined; a short text unchanged."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text
    return text[:HEAD_CHARS] + " ... " + text[-TAIL_CHARS:]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class CutLongText(GraphComponent):
    """First in the pipeline: keeps the whole text as ``full_text``, gives the rest a bounded one."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CutLongText:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and len(text) > HEAD_CHARS + TAIL_CHARS:
                message.set(FULL_TEXT, text)
                message.set(TEXT, cut(text))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
