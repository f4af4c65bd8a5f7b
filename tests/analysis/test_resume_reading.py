"""Reading a resume's layout: sections, wrapped lines, work years and accomplishment bullets."""

from __future__ import annotations

from datetime import date

import pytest

from jatify.analysis.experience import DATE_RANGE, resume_years
from jatify.analysis.resume import heading_kind, quantified_results, read_lines

TODAY = date(2026, 1, 15)


@pytest.mark.parametrize(
    ("dates", "years"),
    [
        ("2018 \u2013 2024", 6),
        ("Jan 2019 - Present", 7),
        ("03/2017 \u2013 05/2020", 3),
        ("March 2016 to June 2018", 2),
        ("Sept. 2014 \u2013 Aug. 2016", 2),
        ("06.2017 \u2013 08.2019", 2),
        ("2017-03 - 2020-05", 3),
        ("2019 \u2014 now", 7),
        ("since 2020", 6),
    ],
)
def test_date_range_formats(dates, years):
    assert resume_years(f"Experience\nEngineer, Acme\n{dates}", TODAY) == years


def test_overlapping_jobs_are_merged():
    text = "Experience\nFreelance designer 2016 - Present\nStudio designer (part-time) 2018 - 2021"
    assert resume_years(text, TODAY) == 10  # mid-2016 to January 2026


def test_education_projects_and_volunteering_do_not_count():
    text = (
        "Work Experience\nAnalyst, Acme Jan 2022 - Present\n\n"
        "Education\nPhD Physics, University of Vienna 2013 - 2018\n\n"
        "Projects\nOpen-source maintainer 2012 - 2020\n\n"
        "Volunteer experience\nCoach, local club 2010 - 2020"
    )
    assert resume_years(text, TODAY) == 4


def test_a_degree_line_inside_the_experience_section_does_not_count():
    text = "Experience\nEngineer, Acme 2020 - 2024\nMSc Computer Science, TU Graz 2014 - 2019"
    assert resume_years(text, TODAY) == 4


def test_without_sections_school_lines_and_their_neighbours_are_left_out():
    text = "Acme, 2018\u20132024\nB.Sc. Computer Science\nTU Berlin, 2010\u20132014"
    assert resume_years(text, TODAY) == 6


@pytest.mark.parametrize(
    "text",
    [
        "No dates anywhere on this page",
        "Education\nBSc Mathematics, University of Leeds 2021 - 2025",
        "Experience\nData Analyst Intern, Asda Jun 2025 - Aug 2025",  # three months
        "Experience\nEngineer, Acme 2031 - 2033",  # a future that has not happened
    ],
)
def test_unsure_means_nothing_said(text):
    assert resume_years(text, TODAY) is None


def test_a_stated_total_counts_when_it_is_larger():
    text = "Over 12 years of experience in logistics.\nExperience\nPlanner, DSV 2021 - Present"
    assert resume_years(text, TODAY) == 12
    assert resume_years("A company with 50 years of history", TODAY) is None


def test_a_date_range_broken_over_lines_by_a_narrow_column_is_read_whole():
    text = "Experience\nSep 2012 \u2013 Aug\n2020\nTeacher, Parrs Wood\n2011\n\u2013\n2012"
    lines = [line.text for line in read_lines(text, DATE_RANGE)]
    assert lines[:2] == ["Sep 2012 \u2013 Aug 2020", "Teacher, Parrs Wood"]
    assert lines[2] == "2011 \u2013 2012"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("EXPERIENCE", "work"),
        ("Professional Experience:", "work"),
        ("Career history", "work"),
        ("E X P E R I E N C E", "work"),
        ("Education\tBSc Physics", "education"),
        ("Technical Skills", "skills"),
        ("Volunteer Experience", "other"),
        ("Experience with Python and Go", None),
    ],
)
def test_headings(line, kind):
    assert heading_kind(line) == kind


def test_wrapped_bullets_are_joined_before_they_are_judged():
    text = (
        "Experience\n"
        "Data Engineer, Flink Foods\n"
        "Berlin \u00b7 Grocery delivery platform, 2M users\n"
        "Rebuilt 140 Airflow DAGs on a shared operator library, cutting failed runs by\n"
        "65%\n"
        "Founded in 2015, 200 employees\n"
        "\u2022 Leading a team of 6 engineers\n"
        "Skills\n"
        "Increased typing speed to 90 words a minute"
    )
    results = quantified_results(list(read_lines(text, DATE_RANGE)))
    assert results == [
        "Rebuilt 140 Airflow DAGs on a shared operator library, cutting failed runs by 65%",
        "Leading a team of 6 engineers",
    ]


@pytest.mark.parametrize(
    "experience",
    [
        # each title on the line of its dates
        "Firmware Developer, Mahle (01/2021 - 12/2024)\nWorking student, Festo (04/2019 - 12/2020)",
        # a table layout: a line of dates, then the location and title
        "01/2021 - 12/2024\nStuttgart\tFirmware Developer, Mahle\n"
        "04/2019 - 12/2020\nEsslingen\tWorking student, Embedded Systems, Festo",
    ],
)
def test_a_student_job_is_not_counted_as_years_of_work(experience: str):
    text = f"Experience\n{experience}\nEducation\n2018 - 2020 MSc, University of Stuttgart"
    assert resume_years(text, TODAY) == 4
