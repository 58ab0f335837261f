"""The intent classifier: trains, survives being saved and loaded, ranks by probability."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa.linear_intents import LinearIntentClassifier
from tests.bot.rasa.test_sentence_features import featurizer

TRAINING = {
    "ask_weather": ["will it rain tomorrow", "is it sunny outside today", "what is the forecast for the weekend",
                    "do I need an umbrella", "how cold will it be tonight"],
    "ask_recipe": ["how do I bake bread", "what can I cook with eggs and rice", "a quick soup recipe please",
                   "how long do I roast a chicken", "how do you make pancakes"],
}


def _messages(texts: list[str]) -> list[Message]:
    messages = [Message(data={"text": t}) for t in texts]
    featurizer().process(messages)
    return messages


Trained = tuple[LinearIntentClassifier, LocalModelStorage, Resource]


def _trained(tmp_path: Path, training: dict[str, list[str]] = TRAINING) -> Trained:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear_intents")
    context = ExecutionContext(GraphSchema({}), node_name="linear_intents")
    classifier = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource, context)
    examples = []
    for intent, texts in training.items():
        for message in _messages(texts):
            message.set("intent", intent)
            examples.append(message)
    classifier.train(TrainingData(examples))
    return classifier, storage, resource


def test_unseen_wording_is_ranked_by_probability_and_survives_loading(tmp_path):
    classifier, storage, resource = _trained(tmp_path)
    loaded = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage, resource,
                                         ExecutionContext(GraphSchema({}), node_name="linear_intents"))
    for model in (classifier, loaded):
        message = _messages(["is it going to be wet and windy later"])[0]
        model.process([message])
        ranking = message.get("intent_ranking")
        assert message.get("intent")["name"] == "ask_weather"
        assert [r["name"] for r in ranking] == ["ask_weather", "ask_recipe"]
        assert ranking[0]["confidence"] > ranking[1]["confidence"]
        assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


@pytest.mark.parametrize("intents", [2, 3])
def test_probabilities_are_the_regressions_own(tmp_path, intents):
    sport = ["who won the match", "when is the next game on", "how did the team do", "what was the final score",
             "is the race on tv"]
    classifier, _, _ = _trained(tmp_path, {**TRAINING, "ask_sport": sport} if intents == 3 else TRAINING)
    message = _messages(["is it going to be wet and windy later"])[0]
    classifier.process([message])
    assert len(message.get("intent_ranking")) == intents
    expected = classifier._model["classifier"].predict_proba(classifier._features(classifier._model, [message]))[0]
    classes = list(classifier._model["classifier"].classes_)
    for entry in message.get("intent_ranking"):
        assert entry["confidence"] == pytest.approx(expected[classes.index(entry["name"])])


def test_an_empty_message_gets_no_intent(tmp_path):
    classifier, _, _ = _trained(tmp_path)
    message = _messages([""])[0]
    classifier.process([message])
    assert message.get("intent")["name"] is None and message.get("intent_ranking") == []


def test_without_sentence_vectors_it_says_what_is_missing(tmp_path):
    classifier, _, _ = _trained(tmp_path)
    with pytest.raises(ValueError, match="SentenceEncoderFeaturizer"):
        classifier.process([Message(data={"text": "will it snow"})])


RED_FLAG = {"report_fire": ["the kitchen is on fire", "there is smoke everywhere and flames",
                            "my house is burning down", "flames are coming out of the oven",
                            "the curtains caught fire"]}
# ways of asking about the weather that only the second regression reads
WEATHER_MORE = ["any chance of drizzle this arvo", "gonna be muggy or what", "is there frost coming overnight",
                "should the washing go out or will it pour", "what are the skies doing on saturday"]


def _trained_with(tmp_path: Path, topic_only: dict[str, list[str]]) -> LinearIntentClassifier:
    tmp_path.mkdir(parents=True, exist_ok=True)
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear_intents")
    context = ExecutionContext(GraphSchema({}), node_name="linear_intents")
    classifier = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource, context)
    examples = []
    for intent, texts in {**TRAINING, **RED_FLAG}.items():
        for message in _messages(texts):
            message.set("intent", intent)
            examples.append(message)
    for intent, texts in topic_only.items():
        for message in _messages(texts):
            message.set("intent", intent)
            message.set("metadata", {"intent": {"topic_only": True}})
            examples.append(message)
    classifier.train(TrainingData(examples))
    return classifier


def _ranking(classifier: LinearIntentClassifier, text: str) -> dict[str, float]:
    message = _messages([text])[0]
    classifier.process([message])
    return {r["name"]: r["confidence"] for r in message.get("intent_ranking")}


def test_topic_only_examples_leave_the_red_flag_probabilities_alone(tmp_path):
    plain = _trained_with(tmp_path / "a", {})
    more = _trained_with(tmp_path / "b", {"ask_weather": WEATHER_MORE})
    for text in ["is it smoky in here or is something burning", "will the sky be clear", "bake a cake"]:
        before, after = _ranking(plain, text), _ranking(more, text)
        assert after["report_fire"] == pytest.approx(before["report_fire"], abs=1e-12)
        assert sum(after.values()) == pytest.approx(1.0)
        assert set(after) == set(before)


def test_topic_only_examples_share_out_what_the_red_flags_leave(tmp_path):
    plain = _trained_with(tmp_path / "a", {})
    more = _trained_with(tmp_path / "b", {"ask_weather": WEATHER_MORE})
    text = "will it be muggy with drizzle this arvo"
    before, after = _ranking(plain, text), _ranking(more, text)
    assert after["ask_weather"] > before["ask_weather"]
    assert after["ask_weather"] + after["ask_recipe"] == pytest.approx(1.0 - after["report_fire"])


def test_a_red_flag_cannot_be_topic_only(tmp_path):
    with pytest.raises(ValueError, match="report_fire"):
        _trained_with(tmp_path, {"report_fire": ["the toaster is in flames"]})


def test_topic_only_examples_need_the_intent_in_the_first_regression(tmp_path):
    with pytest.raises(ValueError, match="ask_sport"):
        _trained_with(tmp_path, {"ask_sport": ["who won the match"]})
