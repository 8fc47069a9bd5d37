import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from td2035.dashboard import projection
from td2035.dashboard.projection import Observation, project


def numbers(result: projection.Projection) -> tuple[float, float, float]:
    """(value, low, high) of a projection that exists."""
    assert result.value is not None and result.low is not None and result.high is not None
    return result.value, result.low, result.high


def quarters(values: list[float], n: int = 100) -> list[Observation]:
    return [Observation(2021.5 + i / 4, v, n) for i, v in enumerate(values)]


def test_a_straight_mean_series_projects_on_its_line_with_a_narrow_interval() -> None:
    series = quarters([20 + 2 * i for i in range(12)])  # +2 a quarter = +8 a year
    result = project(series, kind="mean", year=2030)
    # x at the end of 2030 is 2031.0; the line is 20 + 8 * (x - 2021.5)
    value, low, high = numbers(result)
    assert value == pytest.approx(20 + 8 * (2031.0 - 2021.5))
    assert result.slope == pytest.approx(8.0)
    assert high - low < 1e-6


def test_a_mean_projection_is_clipped_to_the_scale() -> None:
    result = project(quarters([50 + 5 * i for i in range(10)]), kind="mean", year=2035)
    value, low, high = numbers(result)
    assert value == 100.0
    assert 0 <= low <= high <= 100


def test_a_share_growing_on_the_logit_scale_is_recovered() -> None:
    n = 10_000
    logits = [-2 + 0.1 * i for i in range(16)]
    series = [Observation(2021.5 + i / 4, 1 / (1 + math.exp(-lg)), n) for i, lg in enumerate(logits)]
    result = project(series, kind="share", year=2035)
    expected = 1 / (1 + math.exp(-(-2 + 0.4 * (2036.0 - 2021.5))))
    value, low, high = numbers(result)
    assert value == pytest.approx(expected, abs=0.01)
    assert low <= value <= high


def test_the_interval_widens_with_noise() -> None:
    rng = random.Random(3)
    base = [30 + 1.5 * i for i in range(16)]
    _v, quiet_low, quiet_high = numbers(project(quarters([v + rng.gauss(0, 0.5) for v in base]), kind="mean"))
    _v, noisy_low, noisy_high = numbers(project(quarters([v + rng.gauss(0, 5) for v in base]), kind="mean"))
    assert noisy_high - noisy_low > 3 * (quiet_high - quiet_low)


def test_the_interval_widens_with_a_farther_target() -> None:
    rng = random.Random(5)
    series = quarters([30 + i + rng.gauss(0, 2) for i in range(12)])
    near = projection.band(series, kind="mean", until=2026)
    widths = [hi - lo for _t, _c, lo, hi in near]
    assert widths == sorted(widths)


@pytest.mark.parametrize("values", [[], [40.0], [40.0, 41.0, 42.0]])
def test_too_few_quarters_give_no_projection_and_say_why(values: list[float]) -> None:
    result = project(quarters(values), kind="share")
    assert not result.ok
    assert result.value is None
    assert result.reason == "too_few_points"
    assert projection.band(quarters(values), kind="share", until=2035) == []


def test_one_time_repeated_gives_no_projection() -> None:
    result = project([Observation(2022.0, 0.3, 50)] * 5, kind="share")
    assert not result.ok


def test_a_target_is_on_track_when_the_projection_reaches_it() -> None:
    result = project(quarters([0.1 + 0.01 * i for i in range(12)], n=1000), kind="share")
    assert projection.check_target(result, 0.2).on_track is True
    assert projection.check_target(result, 0.99).on_track is False
    assert projection.check_target(project([], kind="share"), 0.2).on_track is None


def test_t_quantiles() -> None:
    assert projection.t_quantile(1) == pytest.approx(12.706)
    assert projection.t_quantile(30) == pytest.approx(2.042, abs=2e-3)
    assert projection.t_quantile(1000) == pytest.approx(1.962, abs=2e-3)
    with pytest.raises(ValueError):
        projection.t_quantile(0)


@given(st.lists(st.floats(min_value=0, max_value=1), min_size=4, max_size=30), st.integers(5, 10_000))
def test_share_projections_stay_between_0_and_1(values: list[float], n: int) -> None:
    value, low, high = numbers(project(quarters(values, n), kind="share"))
    assert 0 <= low <= value <= high <= 1


def test_correlated_residuals_widen_the_interval() -> None:
    wave = [40 + 1.0 * i + 3 * math.sin(i / 3) for i in range(20)]  # smooth, slowly varying misfit
    line = projection.fit_line([2021.5 + i / 4 for i in range(20)], wave)
    assert line.autocorrelation > 0.5
    plain = projection.Line(line.intercept, line.slope, line.residual_sd, line.n, line.mean_x, line.sxx)
    assert line.half_width(2036.0) > 1.5 * plain.half_width(2036.0)
