from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hoptac.figures.models import Figure
from hoptac.figures.services import add_metric, create_figure, update_figure

# The messages asserted below are the English originals.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

TRADE = {
    "metric": "trade_turnover",
    "value": 687400000,
    "unit": "USD",
    "scope": ["LA-AT", "VN-28"],
    "period_start": "2022-10",
    "period_end": "2024-10",
}


def test_figure_keeps_value_scope_and_period() -> None:
    figure = create_figure(TRADE)
    figure.refresh_from_db()
    assert figure.value == Decimal("687400000") and figure.unit == "USD"
    assert sorted(p.code for p in figure.scope.all()) == ["LA-AT", "VN-28"]
    assert figure.period_start is not None and figure.period_start.precision == "month"
    update_figure(figure, {"value": "24.4"})
    figure.refresh_from_db()
    assert figure.value == Decimal("24.4")


def test_unit_defaults_to_the_metric_unit() -> None:
    figure = create_figure({"metric": "delegations_exchanged", "value": 109})
    assert figure.unit == "count"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"metric": "happiness"}, "metric"),
        ({"value": "lots"}, "value"),
        ({"value": None}, "value"),
        ({"unit": "dollars"}, "unit"),
        ({"period_end": "2021"}, "period_end"),
        ({"scope": ["VN-28", "VN-28"]}, "scope[1]"),
        ({"agreement": "0e6f9c1e-0000-4000-8000-000000000000"}, "agreement"),
    ],
)
def test_bad_figure_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        create_figure({**TRADE, **change})
    assert field in exc.value.message_dict
    assert not Figure.objects.exists()


def test_metrics_are_extensible() -> None:
    add_metric("tourists", "Lượt khách du lịch", "Tourists", "count")
    assert create_figure({"metric": "tourists", "value": 5000}).unit == "count"
    with pytest.raises(ValidationError) as exc:
        add_metric("tourists", "Lượt khách", "Tourists")
    assert "already exists" in exc.value.message_dict["code"][0]
    with pytest.raises(ValidationError):
        add_metric("Bad Code", "x")
