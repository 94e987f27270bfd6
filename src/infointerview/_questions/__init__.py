"""The question bank and the questionnaire builder."""
