"""Predict, then reveal, and the checked exercises: the texts every basics page shares for them."""
