"""The learner's input and its link: text and CSV parsed into a batch, presets, and the app's
state as URL query parameters.

Torch and NumPy only, like the core; everything a person types, uploads or opens as a link is
checked here, with a message that says what is wrong and where.
"""
