"""Shared test settings.

Hypothesis profiles: ``ci`` (the default; bounded and derandomised so CI is fast and
repeatable), ``long`` for deep property and fuzz runs (``HYPOTHESIS_PROFILE=long pytest -m slow``).
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
