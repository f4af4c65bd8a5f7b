"""Reading what a model reply says it cost: token counts and, from OpenRouter, a price."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from jatify.analysis.base import ModelUsage

# analyses.prompt_tokens / completion_tokens are INTEGER; cost_usd is NUMERIC(12, 6).
MAX_TOKENS = 2**31 - 1
MAX_COST_USD = Decimal("999999.999999")
COST_PLACES = Decimal("0.000001")


def _tokens(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value <= MAX_TOKENS else None


def _cost(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or value < 0:
        return None
    cost = Decimal(str(value)).quantize(COST_PLACES)
    return cost if cost <= MAX_COST_USD else None


def read_usage(payload: Any) -> ModelUsage | None:
    """The reply's `usage` object as a ModelUsage; None when it reports nothing usable.

    A count or cost that is missing, negative, not a number or too large for its column
    is left out rather than trusted.
    """
    usage = payload.get("usage") if isinstance(payload, dict) else None
    if not isinstance(usage, dict):
        return None
    found = ModelUsage(
        _tokens(usage.get("prompt_tokens")),
        _tokens(usage.get("completion_tokens")),
        _cost(usage.get("cost")),
    )
    if found == ModelUsage(None, None, None):
        return None
    return found
