# The XML parsed here is SVG this module just generated, not untrusted input.
# ruff: noqa: S314
import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils import translation

from projects.charts import Series, kurva_s_svg
from projects.models import ScheduleEntry
from projects.selectors import kurva_s
from projects.tests.factories import make_update

SVG = "{http://www.w3.org/2000/svg}"


def _series(label, points, style):
    return Series(label=label, points=[(day, Decimal(value)) for day, value in points], style=style, color="#123456")


def test_chart_draws_every_series():
    planned = _series(
        "Rencana",
        [(datetime.date(2026, 3, 9), "0"), (datetime.date(2026, 3, 15), "5"), (datetime.date(2026, 3, 22), "12")],
        "line",
    )
    actual = _series("Realisasi", [(datetime.date(2026, 3, 14), "4"), (datetime.date(2026, 3, 21), "9")], "line_points")
    observed = _series("Pantauan", [(datetime.date(2026, 3, 18), "7.5")], "points")

    svg = str(kurva_s_svg([planned, actual, observed], title="Kurva S <Jalan & Jembatan>"))
    root = ET.fromstring(svg)  # well-formed XML, so a PDF renderer can read it too

    groups = {group.get("data-series"): group for group in root.iter(f"{SVG}g")}
    assert set(groups) == {"Rencana", "Realisasi", "Pantauan"}
    planned_line = groups["Rencana"].find(f"{SVG}polyline")
    assert len(planned_line.get("points").split()) == 3
    assert planned_line.get("stroke-dasharray")
    assert len(groups["Realisasi"].findall(f"{SVG}circle")) == 2
    assert len(groups["Realisasi"].findall(f"{SVG}polyline")) == 1
    assert len(groups["Pantauan"].findall(f"{SVG}rect")) == 1
    assert root.find(f"{SVG}title").text == "Kurva S <Jalan & Jembatan>"
    assert "Kurva S &lt;Jalan &amp; Jembatan&gt;" in svg
    legend = [text.text for text in root.findall(f"{SVG}text")]
    assert {"Rencana", "Realisasi", "Pantauan"} <= set(legend)


def test_chart_scales_points_to_plot():
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 1, 11)
    series = _series("Realisasi", [(start, "0"), (end, "100")], "line_points")
    root = ET.fromstring(str(kurva_s_svg([series], title="t", width=400, plot_height=200)))
    circles = root.findall(f".//{SVG}circle")
    first, last = circles[0], circles[1]
    # 0% sits on the bottom edge of the plot (y = 210) and 100% on the top (y = 10). Dates span left to right.
    assert (float(first.get("cx")), float(first.get("cy"))) == (42.0, 210.0)
    assert (float(last.get("cx")), float(last.get("cy"))) == (386.0, 10.0)


def test_chart_point_titles_are_localised():
    series = _series("Realisasi", [(datetime.date(2026, 6, 25), "45.5")], "line_points")
    with translation.override("id"):
        svg = str(kurva_s_svg([series], title="t"))
    assert "Realisasi, 25 Juni 2026: 45,50%" in svg


def test_chart_without_points_says_so():
    with translation.override("id"):
        svg = str(kurva_s_svg([_series("Rencana", [], "line")], title="t"))
    assert "Belum ada data progres." in svg
    assert "<polyline" not in svg
    ET.fromstring(svg)


def test_kurva_s_rows_follow_schedule(users, project):
    for week, end, planned in [(1, 15, 5), (2, 22, 12), (3, 29, 20)]:
        ScheduleEntry.objects.create(
            project=project, week=week, week_end=datetime.date(2026, 3, end), planned_percent=planned
        )
    updates = [
        make_update(project, user=users["pupr"], date=datetime.date(2026, 3, 14), physical="4"),
        make_update(project, user=users["pupr"], date=datetime.date(2026, 3, 20), physical="9"),
        make_update(project, user=users["pupr"], date=datetime.date(2026, 3, 20), physical="10"),
    ]
    observations = [(datetime.date(2026, 3, 21), Decimal("8"))]

    with translation.override("id"):
        chart = kurva_s(project, updates=updates, observations=observations)

    assert [(row.week, row.planned, row.actual, row.observed) for row in chart.rows] == [
        (1, 5, Decimal("4"), None),
        (2, 12, Decimal("10"), Decimal("8")),
        (3, 20, None, None),
    ]
    assert chart.rows[1].deviation == Decimal("-2")
    assert chart.rows[2].deviation is None
    # The planned line starts from 0% on the SPMK date, and the same-day correction replaces the earlier figure.
    planned_points = re.search(r'data-series="[^"]+"><polyline points="([^"]+)"', str(chart.svg)).group(1)
    assert len(planned_points.split()) == 4
    groups = {group.get("data-series"): group for group in ET.fromstring(str(chart.svg)).iter(f"{SVG}g")}
    assert len(groups["Realisasi menurut OPD"].findall(f"{SVG}circle")) == 2
