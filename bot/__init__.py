"""The patient-education chatbot's own logic: triage, content store, rendering, evaluation.

Rasa (NLU, dialogue) and rasa-sdk actions call into this package; it never calls back into them.
"""
