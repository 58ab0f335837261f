"""The glosses step: English meanings for the classifier, the patient's words untouched."""

from __future__ import annotations

from pathlib import Path

from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import LiveLanguages
from bot.rasa.cut_text import CLASSIFIER_TEXT, classifier_text
from bot.rasa.glosses import EnglishGlosses

ROOT = Path(__file__).resolve().parents[3]


def test_a_mixed_language_message_is_read_by_the_classifier_with_english_meanings_added():
    step = EnglishGlosses(LiveLanguages(ROOT / "content"))
    m = Message(data={"text": "Bonjour, jai mal au dos, enceinte de 30 semaines, est ce normal"})
    step.process([m])
    assert m.get("text") == "Bonjour, jai mal au dos, enceinte de 30 semaines, est ce normal"  # the replies read this
    assert classifier_text(m).startswith(m.get("text")) and "(back pain pregnant" in classifier_text(m)


def test_an_english_message_is_read_as_it_is():
    step = EnglishGlosses(LiveLanguages(ROOT / "content"))
    m = Message(data={"text": "my back hurts at 30 weeks, is that normal"})
    step.process([m])
    assert m.get(CLASSIFIER_TEXT) is None and classifier_text(m) == "my back hurts at 30 weeks, is that normal"


def test_training_examples_go_through_the_same_step():
    step = EnglishGlosses(LiveLanguages(ROOT / "content"))
    example = Message(data={"text": "wo yao teng, huai yun 30 zhou", "intent": "ask_back_pain_pregnancy"})
    step.process_training_data(TrainingData([example]))
    assert classifier_text(example) == "wo yao teng, huai yun 30 zhou (back pain pregnant weeks pregnant)"


def test_without_lists_nothing_is_added():
    m = Message(data={"text": "jai mal au dos, enceinte"})
    EnglishGlosses(None).process([m])
    assert classifier_text(m) == "jai mal au dos, enceinte"
