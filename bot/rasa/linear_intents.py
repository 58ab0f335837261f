"""Intent classifier: logistic regression over words, character pieces and meaning.

Features per message: TF-IDF over words and word pairs, TF-IDF over character pieces of
2 to 4 letters inside words (robust to misspelling: "calcuim", "preganncy"), and the
pretrained sentence vector the ``SentenceEncoderFeaturizer`` put on the message (what it
means, in any words). Multinomial logistic regressions read all three.

Two regressions. The first decides how likely each red flag is. The second, trained on every
example, shares out what the first left to the other intents (topics, small talk, out of
scope). Examples marked ``metadata: {topic_only: true}`` in ``data/nlu`` train only the
second: more ways of asking a topic question must not draw probability away from the red
flags (README "Why this pipeline": 507 topic paraphrases in the one regression cost three
emergencies on the frozen sets).

Why not DIETClassifier: on the development sets written by independent helpers this
scored 94% topic accuracy where DIET (same training data, same sentence vector) scored
88% (README "Why this pipeline"); it trains in about a minute and a half instead of about
five and answers in about two milliseconds, on the CPU only, deterministically.
"""

from __future__ import annotations

import logging
import pickle
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    METADATA,
    METADATA_INTENT,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack, spmatrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.rasa.cut_text import classifier_text
from bot.rasa.sentence_features import SentenceEncoderFeaturizer
from bot.respond import red_flag_of_intent

TOPIC_ONLY = "topic_only"  # intent metadata: examples for the second regression only

_FILE = "linear_intents.pkl"
logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Multinomial logistic regression over word and character TF-IDF and the sentence vector."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [SentenceEncoderFeaturizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "C": 10.0,  # inverse regularisation strength, chosen on the development sets
            "sentence_weight": 1.0,  # scale of the sentence vector beside the unit-length TF-IDF rows
            "char_min_df": 2,  # character pieces seen in fewer training examples are ignored
            "ranking_length": 10,
            "max_iter": 3000,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn", "scipy"]

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: dict[str, Any] | None = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._set_model(model)

    def _set_model(self, model: dict[str, Any] | None) -> None:
        self._model = model
        if model is not None:
            # The same numbers as predict_proba, without its cost: sklearn multiplies the sparse row by
            # the transposed (column-major) weights, which takes about 6 ms; a row-major copy, 0.05 ms.
            coef, bias = model["classifier"].coef_, model["classifier"].intercept_
            if coef.shape[0] == 1:  # two intents: one score, the first intent's fixed at zero
                coef, bias = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], bias])
            self._weights = np.ascontiguousarray(coef.T)
            self._bias = bias
            topics = model.get("topics")
            if topics is not None:
                classes = list(model["classifier"].classes_)
                self._topic_weights = np.ascontiguousarray(topics.coef_.T)
                self._topic_bias = topics.intercept_
                # the second regression's columns of intents that are not red flags, and where each sits in the first's
                kept = [i for i, c in enumerate(topics.classes_) if not _is_red_flag(c)]
                self._topic_kept = np.array(kept, dtype=int)
                self._topic_columns = np.array([classes.index(topics.classes_[i]) for i in kept], dtype=int)
                self._red_flag_columns = np.array([i for i, c in enumerate(classes) if _is_red_flag(c)], dtype=int)

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                model = pickle.loads((directory / _FILE).read_bytes())
        except (ValueError, FileNotFoundError):
            # Trained without any intent, or the file is gone: the rules still run on every message,
            # but the classifier (a second net for red flags) is silent, so say so.
            logger.warning("LinearIntentClassifier: no trained model in %s; no message gets an intent",
                           resource.name)
            model = None
        return cls(config, model_storage, resource, model)

    def _features(self, model: dict[str, Any], messages: list[Message]) -> spmatrix:
        texts = [classifier_text(m) for m in messages]
        return hstack([model["words"].transform(texts), model["chars"].transform(texts),
                       csr_matrix(self._sentence_vectors(messages) * self._config["sentence_weight"])]).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        every = [m for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)]
        examples = [m for m in every if not _topic_only(m)]
        if len({m.get(INTENT) for m in examples}) < 2:
            return self._resource
        texts = [classifier_text(m) for m in examples]
        model: dict[str, Any] = {
            "words": TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts),
            "chars": TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True,
                                     min_df=self._config["char_min_df"]).fit(texts),
        }
        # one set of features for every example (the second regression uses the first's vocabularies)
        features = self._features(model, every)
        first = [i for i, m in enumerate(every) if not _topic_only(m)]
        model["classifier"] = LogisticRegression(C=self._config["C"], max_iter=self._config["max_iter"]).fit(
            features[first], [m.get(INTENT) for m in examples])
        known = set(model["classifier"].classes_)
        flags = sorted({m.get(INTENT) for m in every if _topic_only(m) and _is_red_flag(m.get(INTENT))})
        if flags:
            raise ValueError(f"red-flag intents cannot be topic_only: {', '.join(flags)}")
        unknown = sorted({m.get(INTENT) for m in every} - known)
        if unknown:
            raise ValueError(f"topic_only examples of intents with no other examples: {', '.join(unknown)}")
        if len(every) > len(examples):
            model["topics"] = LogisticRegression(C=self._config["C"], max_iter=self._config["max_iter"]).fit(
                features, [m.get(INTENT) for m in every])
        for vectorizer in (model["words"], model["chars"]):
            vectorizer.stop_words_ = None  # the pieces it dropped: only for inspection, and large when saved
        self._set_model(model)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILE).write_bytes(pickle.dumps(model))
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if self._model is None or not message.get(TEXT):
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            features = self._features(self._model, [message])
            probabilities = _softmax(features @ self._weights + self._bias)
            if self._model.get("topics") is not None:
                # red flags keep the first regression's probabilities; the rest is shared out by the second
                left = 1.0 - float(probabilities[self._red_flag_columns].sum())
                shares = _softmax(features @ self._topic_weights + self._topic_bias)[self._topic_kept]
                probabilities[self._topic_columns] = left * shares / shares.sum()
            order = np.argsort(-probabilities)[: self._config["ranking_length"]]
            ranking = [{INTENT_NAME_KEY: str(self._model["classifier"].classes_[i]),
                        PREDICTED_CONFIDENCE_KEY: float(probabilities[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    @staticmethod
    def _sentence_vectors(messages: list[Message]) -> np.ndarray:
        """The sentence vector of each message, as the encoder featurizer stored it."""
        rows = []
        for message in messages:
            _, sentence = message.get_dense_features(TEXT)
            if sentence is None:
                raise ValueError("LinearIntentClassifier needs SentenceEncoderFeaturizer before it in the pipeline")
            rows.append(np.asarray(sentence.features).reshape(-1))
        return np.vstack(rows)


def _is_red_flag(intent: str | None) -> bool:
    return red_flag_of_intent(intent) is not None


def _topic_only(message: Message) -> bool:
    metadata = message.get(METADATA) or {}
    intent_metadata = metadata.get(METADATA_INTENT) if isinstance(metadata, dict) else None
    return isinstance(intent_metadata, dict) and intent_metadata.get(TOPIC_ONLY) is True


def _softmax(scores: Any) -> np.ndarray:
    """Multinomial logistic regression's probabilities from one row of scores."""
    row = np.asarray(scores, dtype=np.float64).reshape(-1)
    exp = np.exp(row - row.max())
    return exp / exp.sum()
