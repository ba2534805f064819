"""get_personnel_hours against figures worked out by hand.

Overtime: hours beyond 8 a day per person, taken from that day's entries in the order they
were made. The fortnight 7–20 June 2027 (Monday 7 June):

  #  person dept(team)       day        production   hours  status    regular  overtime
  1  Ana    Lighting         Mon 7 Jun  Main stage    6.00  approved   6.00     0
  2  Ana    Lighting         Mon 7 Jun  Riverside     4.00  pending    2.00     2.00   (day = 10 h)
  3  Ana    Lighting         Tue 8 Jun  Main stage    9.50  approved   8.00     1.50
  4  Ben    Audio            Mon 7 Jun  Main stage    7.25  approved   7.25     0
  5  Ben    Audio            Mon 14 Jun Riverside    11.00  approved   8.00     3.00
  6  Cy     (Rigging team)   Sun 13 Jun Riverside     8.00  pending    8.00     0
  7  Cy     (Rigging team)   Sun 13 Jun —             0.75  approved   0        0.75
  not counted: Ana Wed 9 Jun 5 h sent back; Ben clocked in now (open); Ana 21 Jun (after the period).
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from dragonfly.tenancy.roles import Role
from people.models import Person
from people.selectors import get_personnel_hours

from .helpers import make_entry, make_person, make_production, make_team

D = datetime.date


def dec(value):
    return Decimal(value).quantize(Decimal("0.01"))


@pytest.fixture
def fortnight(tenant_a):
    ws = tenant_a.workspace
    main, river = make_production(ws, "Main stage"), make_production(ws, "Riverside")
    ana = make_person(ws, "Ana", "Lopez", department="Lighting")
    ben = make_person(ws, "Ben", "Okoro", department="Audio")
    cy = make_person(ws, "Cy", "Park", team=make_team(ws, "Flying crew", department="Rigging"))
    make_entry(ana, D(2027, 6, 7), "6.00", "approved", main)
    make_entry(ana, D(2027, 6, 7), "4.00", "pending", river)
    make_entry(ana, D(2027, 6, 8), "9.50", "approved", main)
    make_entry(ben, D(2027, 6, 7), "7.25", "approved", main)
    make_entry(ben, D(2027, 6, 14), "11.00", "approved", river)
    make_entry(cy, D(2027, 6, 13), "8.00", "pending", river)
    make_entry(cy, D(2027, 6, 13), "0.75", "approved", None)
    make_entry(ana, D(2027, 6, 9), "5.00", "rejected", main)
    make_entry(ben, D(2027, 6, 15), "0", "open", main)
    make_entry(ana, D(2027, 6, 21), "3.00", "approved", main)
    return {"ws": ws, "main": main, "river": river, "user": tenant_a.user(Role.NAVIGATOR)}


def report(f, **kwargs):
    return get_personnel_hours(user=f["user"], workspace=f["ws"], start=D(2027, 6, 7), end=D(2027, 6, 20), **kwargs)


def table(rep):
    return [(r.label, r.entries, r.regular, r.overtime, r.total) for r in rep.rows]


def test_by_person(fortnight):
    rep = report(fortnight, group_by="person")
    assert table(rep) == [
        ("Ana Lopez", 3, dec("16"), dec("3.5"), dec("19.5")),
        ("Ben Okoro", 2, dec("15.25"), dec("3"), dec("18.25")),
        ("Cy Park", 2, dec("8"), dec("0.75"), dec("8.75")),
    ]
    assert (rep.entries, rep.regular, rep.overtime, rep.total) == (7, dec("39.25"), dec("7.25"), dec("46.5"))


def test_by_department_falls_back_to_the_team_department(fortnight):
    assert table(report(fortnight, group_by="department")) == [
        ("Audio", 2, dec("15.25"), dec("3"), dec("18.25")),
        ("Lighting", 3, dec("16"), dec("3.5"), dec("19.5")),
        ("Rigging", 2, dec("8"), dec("0.75"), dec("8.75")),
    ]


def test_by_production(fortnight):
    assert table(report(fortnight, group_by="production")) == [
        ("Main stage", 3, dec("21.25"), dec("1.5"), dec("22.75")),
        ("No production", 1, dec("0"), dec("0.75"), dec("0.75")),
        ("Riverside", 3, dec("18"), dec("5"), dec("23")),
    ]


def test_by_week(fortnight):
    rep = report(fortnight, group_by="week")
    assert [(r.key, r.entries, r.regular, r.overtime) for r in rep.rows] == [
        ("2027-06-07", 6, dec("31.25"), dec("4.25")),
        ("2027-06-14", 1, dec("8"), dec("3")),
    ]
    assert rep.rows[0].label == "Week 23, 2027 (from 07 Jun)"


def test_a_production_filter_keeps_overtime_worked_out_over_the_whole_day(fortnight):
    rep = report(fortnight, group_by="person", production=fortnight["river"])
    assert table(rep) == [
        ("Ana Lopez", 1, dec("2"), dec("2"), dec("4")),
        ("Ben Okoro", 1, dec("8"), dec("3"), dec("11")),
        ("Cy Park", 1, dec("8"), dec("0"), dec("8")),
    ]


def test_approved_hours_only(fortnight):
    rep = report(fortnight, group_by="person", approved_only=True)
    assert table(rep) == [
        ("Ana Lopez", 2, dec("14"), dec("1.5"), dec("15.5")),
        ("Ben Okoro", 2, dec("15.25"), dec("3"), dec("18.25")),
        ("Cy Park", 1, dec("0.75"), dec("0"), dec("0.75")),
    ]


def test_csv_export_carries_the_same_figures(fortnight, login):
    ws = fortnight["ws"]
    client = login(fortnight["user"])
    response = client.get(
        f"/people/w/{ws.organization.slug}/{ws.slug}/hours.csv?start=2027-06-07&end=2027-06-20&group_by=department"
    )
    assert response.status_code == 200
    lines = response.content.decode().strip().splitlines()
    assert lines == [
        "Department,Entries,Regular hours,Overtime hours,Total hours",
        "Audio,2,15.25,3.00,18.25",
        "Lighting,3,16.00,3.50,19.50",
        "Rigging,2,8.00,0.75,8.75",
        "Total,7,39.25,7.25,46.50",
    ]


@pytest.mark.parametrize("department", [" =1+1", "\t=1+1", "+1", "-1", "@SUM(A1)"])
def test_csv_export_guards_a_label_a_spreadsheet_would_run(fortnight, login, department):
    Person.objects.filter(department="Audio").update(department=department)
    ws = fortnight["ws"]
    response = login(fortnight["user"]).get(
        f"/people/w/{ws.organization.slug}/{ws.slug}/hours.csv?start=2027-06-07&end=2027-06-20&group_by=department"
    )
    labels = [row[0] for row in csv.reader(io.StringIO(response.content.decode()))]
    assert "'" + department in labels and department not in labels


def test_page_and_api_agree(fortnight, login):
    ws = fortnight["ws"]
    client = login(fortnight["user"])
    page = client.get(f"/people/w/{ws.organization.slug}/{ws.slug}/hours/?start=2027-06-07&end=2027-06-20")
    assert page.status_code == 200 and "46.50" in page.content.decode()
    api = client.get(f"/api/people/hours-report/?workspace={ws.pk}&start=2027-06-07&end=2027-06-20&group_by=week")
    assert api.status_code == 200
    assert api.json()["totals"] == {"entries": 7, "regular": "39.25", "overtime": "7.25", "total": "46.50"}


def test_a_raider_sees_only_their_own_hours(fortnight, tenant_a):
    raider = tenant_a.user(Role.RAIDER)
    mine = make_person(fortnight["ws"], "Riley", "Chen", user=raider)
    make_entry(mine, D(2027, 6, 8), "5.00", "approved")
    rep = get_personnel_hours(user=raider, workspace=fortnight["ws"], start=D(2027, 6, 7), end=D(2027, 6, 20))
    assert table(rep) == [("Riley Chen", 1, dec("5"), dec("0"), dec("5"))]
