"""Projection of a quarterly indicator to a target year: pure functions, no database.

Model. Observations are (time in years, value) pairs, one per quarter, taken at the quarter's end
(2021 Q2 -> 2021.5). Two kinds of indicator:

* a **share** (0..1, e.g. the share of assessed MSMEs at "moderately advanced" or better): the trend is
  a straight line fitted by ordinary least squares to the *logit* of the share, so the projection
  stays between 0 and 1 and flattens near the ends, as adoption curves do. Each quarter's share is
  turned into an empirical logit log((x + 0.5) / (n - x + 0.5)) with x = share * n, which is finite
  at 0 % and 100 %.
* a **mean** (0..100, e.g. the mean overall maturity score): a straight line fitted to the values,
  the projection clipped to 0..100.

Uncertainty. The 95 % *prediction* interval of ordinary least squares at the target time,
    y0 ± t(0.975, n-2) · s · sqrt(1 + 1/n + (x0 - mean(x))² / Sxx),
where s is the residual standard deviation: it widens with noisy quarters, few quarters and a far
target. Quarterly states are cumulative, so consecutive residuals are correlated and the plain formula
would be overconfident: with r the lag-1 autocorrelation of the residuals (clipped to 0..0.95) the
parameter part is inflated by n / n_eff and t takes n_eff - 2 degrees of freedom, where
n_eff = n (1 - r) / (1 + r) (the usual AR(1) effective sample size). For shares the interval is
computed on the logit scale and mapped back. It assumes the pace observed so far goes on; it says
nothing about policy changes.

At least MIN_POINTS quarters (and two distinct times) are needed; otherwise there is no projection and
`Projection.reason` says why.
"""

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

MIN_POINTS = 4

# t(0.975, df) for df = 1..10; above 10 a Cornish-Fisher expansion around 1.96 is accurate to 1e-3.
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228]


@dataclass(frozen=True)
class Observation:
    time: float  # years, e.g. 2021.5 for the end of 2021 Q2
    value: float  # a share 0..1 or a mean 0..100
    n: int = 0  # organisations behind the value (used by shares for the empirical logit)


@dataclass(frozen=True)
class Line:
    intercept: float
    slope: float  # per year, on the fitted scale
    residual_sd: float
    n: int
    mean_x: float
    sxx: float
    autocorrelation: float = 0.0

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x

    @property
    def effective_n(self) -> float:
        r = self.autocorrelation
        return max(3.0, self.n * (1 - r) / (1 + r))

    def half_width(self, x: float) -> float:
        """Half the 95 % prediction interval at x, on the fitted scale."""
        inflation = self.n / self.effective_n
        spread = 1 + (1 / self.n + (x - self.mean_x) ** 2 / self.sxx) * inflation
        df = max(1, math.floor(self.effective_n) - 2)
        return t_quantile(df) * self.residual_sd * math.sqrt(spread)


@dataclass(frozen=True)
class Projection:
    kind: str  # "share" or "mean"
    year: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    slope: float | None = None  # change per year on the fitted scale
    points: int = 0
    reason: str = ""  # why there is no projection (empty when there is one)

    @property
    def ok(self) -> bool:
        return self.value is not None


def t_quantile(df: int) -> float:
    """The 97.5 % quantile of Student's t with `df` degrees of freedom."""
    if df < 1:
        raise ValueError("df must be at least 1")
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def expit(x: float) -> float:
    if x < -700:
        return 0.0
    return 1 / (1 + math.exp(-x))


def empirical_logit(share: float, n: int) -> float:
    """Logit of a share of n organisations, finite at 0 and 1 (n = 0 is treated as a share of 1000)."""
    total = n if n > 0 else 1000
    x = min(max(share, 0.0), 1.0) * total
    return math.log((x + 0.5) / (total - x + 0.5))


def fit_line(xs: Sequence[float], ys: Sequence[float]) -> Line:
    """Ordinary least squares; needs at least 3 points and two distinct xs."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if n < 3 or sxx == 0:
        raise ValueError("need at least 3 points at 2 distinct times")
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    residuals = [y - intercept - slope * x for x, y in zip(xs, ys, strict=True)]
    sse = sum(e * e for e in residuals)
    lagged = sum(a * b for a, b in itertools.pairwise(residuals))
    r = min(max(lagged / sse, 0.0), 0.95) if sse > 1e-12 else 0.0
    return Line(intercept, slope, math.sqrt(sse / (n - 2)), n, mean_x, sxx, r)


def target_time(year: int) -> float:
    """The end of `year` (a target "by 2035" is met on 31 December 2035)."""
    return year + 1.0


def project(observations: Sequence[Observation], *, kind: str, year: int = 2035) -> Projection:
    """Project the series to the end of `year` with a 95 % prediction interval."""
    if kind not in ("share", "mean"):
        raise ValueError(f"unknown kind {kind!r}")
    points = sorted(observations, key=lambda o: o.time)
    if len(points) < MIN_POINTS or len({o.time for o in points}) < 2:
        return Projection(kind, year, points=len(points), reason="too_few_points")
    xs = [o.time for o in points]
    ys = [empirical_logit(o.value, o.n) for o in points] if kind == "share" else [o.value for o in points]
    line = fit_line(xs, ys)
    x0 = target_time(year)
    centre, half = line.at(x0), line.half_width(x0)
    if kind == "share":
        value, low, high = expit(centre), expit(centre - half), expit(centre + half)
    else:
        value, low, high = (min(max(v, 0.0), 100.0) for v in (centre, centre - half, centre + half))
    return Projection(kind, year, value, low, high, line.slope, len(points))


def band(
    observations: Sequence[Observation], *, kind: str, until: int
) -> list[tuple[float, float, float, float]]:
    """(time, centre, low, high) of the trend and its prediction interval, yearly from the last
    observation to the end of `until`, for drawing. Empty when there is no projection."""
    points = sorted(observations, key=lambda o: o.time)
    if len(points) < MIN_POINTS or len({o.time for o in points}) < 2:
        return []
    ys = [empirical_logit(o.value, o.n) if kind == "share" else o.value for o in points]
    line = fit_line([o.time for o in points], ys)
    times = [points[-1].time]
    step = math.floor(points[-1].time) + 1.0
    while step <= target_time(until):
        times.append(step)
        step += 1.0
    out = []
    for x in times:
        centre, half = line.at(x), line.half_width(x)
        if kind == "share":
            out.append((x, expit(centre), expit(centre - half), expit(centre + half)))
        else:
            low, high = min(max(centre - half, 0.0), 100.0), min(max(centre + half, 0.0), 100.0)
            out.append((x, min(max(centre, 0.0), 100.0), low, high))
    return out


@dataclass(frozen=True)
class TargetCheck:
    on_track: bool | None  # None when there is no projection
    projection: Projection
    target: float


def check_target(projection: Projection, target: float) -> TargetCheck:
    """On track when the projected value at the target year reaches the target."""
    if not projection.ok or projection.value is None:
        return TargetCheck(None, projection, target)
    return TargetCheck(projection.value >= target, projection, target)
