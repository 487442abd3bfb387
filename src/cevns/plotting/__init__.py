"""Figures (matplotlib): they take results and arrays as arguments and hold no physics."""
