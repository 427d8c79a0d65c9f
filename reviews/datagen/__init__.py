"""The load-test data generator behind `manage.py generate_data`: units, people, applications in every state."""

import itertools
import random


class Weighted:
    """A weighted choice whose cumulative weights are summed once, not at every draw."""

    def __init__(self, weights: dict):
        self.values = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))

    def draw(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]
