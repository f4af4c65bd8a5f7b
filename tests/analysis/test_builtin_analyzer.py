"""BuiltinAnalyzer: deterministic keyword coverage with advice a person can act on."""

from __future__ import annotations

from datetime import date

import pytest

from jatify.analysis import BuiltinAnalyzer, JobPosting, validate_result
from jatify.analysis.experience import resume_years
from jatify.analysis.terms import required_years


def analyze(resume: str, description: str, position: str = "Engineer", company: str = "Acme"):
    return BuiltinAnalyzer().analyze(resume, JobPosting(company, position, description)).result


def test_realistic_resume_gets_exact_keywords_and_weighted_score(job, resume_text):
    outcome = BuiltinAnalyzer().analyze(resume_text, job)
    result = outcome.result
    assert (outcome.provider, outcome.model) == ("builtin", "keywords-v1")
    assert validate_result(result) == result
    # Most important first: required terms (2.0, +0.25 per repeat), then plain, then
    # nice-to-have; "Postgres" and "k8s" are normalised, "Stripe"/"Adyen" come from the text.
    assert result["matched_keywords"] == [
        "PostgreSQL", "Python", "CI/CD", "Docker", "Redis", "REST API", "SQL", "Payments",
    ]  # fmt: skip
    assert result["missing_keywords"] == [
        "Kubernetes", "Grafana", "Observability", "Prometheus",
        "AWS", "Communication", "Go", "Terraform",
        "GraphQL", "Kafka", "RabbitMQ", "Adyen", "Stripe",
    ]  # fmt: skip
    # Weighted coverage 16.0 / 30.35 = 53%, plus 5 for 7 years against "5+ years".
    assert result["score"] == 58
    assert result["summary"] == (
        "58/100 match for the Senior Backend Engineer role at Acme: the resume covers 8 of 21 "
        "key terms. Missing must-haves: Kubernetes, Grafana, Observability and Prometheus."
    )


def test_realistic_resume_gets_concrete_feedback(job, resume_text):
    result = BuiltinAnalyzer().analyze(resume_text, job).result
    assert result["strengths"][0] == (
        "Covers 8 of the 21 key skills and terms in the listing: PostgreSQL, Python, CI/CD, "
        "Docker, Redis, REST API, SQL and Payments"
    )
    assert any(s.startswith('Shows 5 quantified results, e.g. "') for s in result["strengths"])
    assert "Shows about 7 years of experience; the listing asks for 5+" in result["strengths"]
    assert "Already uses the job title 'Backend Engineer'" in result["strengths"]
    assert result["weaknesses"][0] == (
        "Missing must-have skills from the listing: Kubernetes, Grafana, Observability and "
        "Prometheus"
    )
    assert result["suggestions"][:3] == [
        f"Add a line showing your experience with {name} if you have it, e.g. in a project "
        "or job bullet"
        for name in ("Kubernetes", "Grafana", "Observability")
    ]
    assert not any("Mirror the job title" in s for s in result["suggestions"])


def test_java_does_not_match_javascript_and_back():
    only_js = analyze("Five years of JavaScript and TypeScript.", "Requirements: Java, Spring Boot")
    assert only_js["matched_keywords"] == []
    assert only_js["missing_keywords"] == ["Java", "Spring Boot"]
    only_java = analyze("Java services with Spring Boot.", "Requirements: JavaScript, Java")
    assert only_java["matched_keywords"] == ["Java"]
    assert only_java["missing_keywords"] == ["JavaScript"]


def test_multi_word_terms_and_variants_are_normalised():
    description = (
        "Requirements:\n- Machine learning\n- Project management\n- Power BI\n- Google Cloud\n"
        "- C++ and C#\n- .NET\n- Node.js\n- REST API design\n- Postgres\n- Kubernetes\n- JS"
    )
    resume = (
        "Applied machine-learning as project manager; dashboards in PowerBI on GCP. "
        "c++, C#, dotnet, NodeJS and RESTful services on PostgreSQL with k8s and JavaScript."
    )
    result = analyze(resume, description)
    assert result["missing_keywords"] == []
    assert sorted(result["matched_keywords"]) == sorted(
        [
            "Machine learning", "Project management", "Power BI", "Google Cloud", "C++",
            "C#", ".NET", "Node.js", "REST API", "PostgreSQL", "Kubernetes", "JavaScript",
        ]
    )  # fmt: skip


def test_single_letter_language_c_is_not_matched_by_lookalikes():
    description = "Requirements: C and Python. We are a Series C company."
    resume = "Python, C++, C#, Objective-C and CI/CD at a Series C startup; C-level reporting."
    result = analyze(resume, description)
    assert result["matched_keywords"] == ["Python"]
    assert result["missing_keywords"] == ["C"]
    assert analyze("Systems programming in C and Python.", description)["missing_keywords"] == []


def test_must_haves_weigh_more_than_nice_to_haves():
    description = "Requirements:\n- Python\n- Kubernetes\n\nNice to have:\n- Kafka"
    lacks_must_have = analyze("Python and Kafka at scale.", description)
    lacks_nice_to_have = analyze("Python and Kubernetes at scale.", description)
    assert lacks_nice_to_have["score"] > lacks_must_have["score"]
    assert "Missing must-have skills from the listing: Kubernetes" in lacks_must_have["weaknesses"]
    assert not any("must-have" in w for w in lacks_nice_to_have["weaknesses"])
    assert any("Kafka, name them explicitly" in s for s in lacks_nice_to_have["suggestions"])


def test_years_of_experience_adjust_the_score():
    description = "Requirements:\n- 5+ years of experience with Python\n- Docker\n- Redis"
    base = "Python and Docker services, deployed to production for payments."
    enough = analyze(base + " 8 years of experience.", description)
    short = analyze(base + " 3 years of experience.", description)
    unstated = analyze(base, description)
    assert enough["score"] - unstated["score"] == 5
    assert unstated["score"] - short["score"] == 5
    assert (
        "The listing asks for 5+ years of experience; the resume shows about 3"
        in short["weaknesses"]
    )
    assert any("State your years of experience" in s for s in unstated["suggestions"])


def test_terms_named_in_requirements_are_found_beyond_the_vocabulary():
    description = "Requirements:\n- Experience with Zendesk and Intercom\n- Fluent German"
    result = analyze("Support lead using Zendesk daily.", description, position="Support Lead")
    assert result["matched_keywords"] == ["Zendesk"]
    assert result["missing_keywords"] == ["German", "Intercom"]


@pytest.mark.parametrize("resume", ["", "   \n\t "])
def test_empty_resume_scores_zero_and_says_why(job, resume):
    result = BuiltinAnalyzer().analyze(resume, job).result
    assert result["score"] == 0
    assert result["matched_keywords"] == []
    assert len(result["missing_keywords"]) == 21
    assert "no readable text" in result["summary"]
    assert "The resume has no readable text" in result["weaknesses"]
    assert not any("very short" in w for w in result["weaknesses"])


def test_very_short_resume_is_called_out(job):
    result = BuiltinAnalyzer().analyze("Jane Doe. Python developer.", job).result
    assert result["matched_keywords"] == ["Python"]
    assert (
        "The resume is very short (4 words); most recruiters expect 300-800"
        in (result["weaknesses"])
    )
    assert (
        "No quantified results: no bullet shows a number, percentage or amount"
        in (result["weaknesses"])
    )
    assert (
        "Mirror the job title 'Senior Backend Engineer' in your summary or headline"
        in (result["suggestions"])
    )


def test_description_without_recognisable_terms():
    result = analyze("Python developer with 5 years of experience.", "We are hiring. Apply now!")
    assert result["score"] == 0
    assert result["matched_keywords"] == [] and result["missing_keywords"] == []
    assert "names no skills the analyzer recognises" in result["summary"]


def test_analysis_is_deterministic(job, resume_text):
    first = BuiltinAnalyzer().analyze(resume_text, job)
    second = BuiltinAnalyzer().analyze(resume_text, job)
    assert first == second
    shuffled = JobPosting(job.company, job.position, job.description.replace("\n\n", "\n\n\n"))
    assert BuiltinAnalyzer().analyze(resume_text, shuffled).result == first.result


def test_years_are_read_from_statements_and_date_ranges():
    today = date(2025, 6, 1)
    assert resume_years("Acme 2015 \u2013 2019\nBolt 2019 - 2023", today) == 8
    assert resume_years("Engineer, 2018 - present", today) == 7
    assert resume_years("Ten years of experience in on-call and 2 years of Go", today) == 10
    assert resume_years("No dates here", today) is None
    assert required_years("Requirements:\n- 3-5 years with Python") == 3
    assert required_years("We were founded 12 years ago. Python required.") is None
    assert required_years("At least four years of experience in sales.") == 4


def test_the_quantify_suggestion_counts_the_numbers_already_shown(job):
    none = BuiltinAnalyzer().analyze("Jane Doe. Python developer.", job).result
    one = BuiltinAnalyzer().analyze("Jane Doe. Python developer.\n- Cut latency by 40%", job).result
    assert any(s.startswith("Quantify results in your bullets, e.g.") for s in none["suggestions"])
    assert any(
        s.startswith("Quantify more of your bullets (only 1 shows a number), e.g.")
        for s in one["suggestions"]
    )


def test_a_ligature_in_the_resume_still_matches_the_skill():
    # Chromium's print-to-PDF writes "Airflow" with U+FB02; pasted text keeps it too.
    result = analyze(
        "Built Air\ufb02ow DAGs and ran Air\ufb02ow on Kubernetes.", "Requirements: Airflow"
    )
    assert result["matched_keywords"] == ["Airflow"]
    assert result["missing_keywords"] == []


def test_ligatures_and_full_width_letters_in_the_listing_are_read_as_letters():
    result = analyze("Airflow and Python pipelines.", "Requirements: Air\ufb02ow, \uff30\uff59thon")
    assert sorted(result["matched_keywords"]) == ["Airflow", "Python"]


WORK_AND_UNIVERSITY = """\
Lena Hoffmann
Data Engineer

Experience
Data Engineer, Flink Foods 2021 \u2013 2024
- Rebuilt 140 Airflow DAGs, cutting failed runs by 65%
Junior Data Engineer, Zalando 2018 \u2013 2021
- Wrote Python jobs for the returns pipeline

Education
B.Sc. Computer Science, Technische Universit\u00e4t Berlin 2010 \u2013 2014
"""


def test_years_count_the_work_history_not_the_university():
    assert resume_years(WORK_AND_UNIVERSITY, date(2025, 6, 1)) == 6
    result = analyze(WORK_AND_UNIVERSITY, "Requirements:\n- 10+ years of experience\n- Python")
    assert (
        "The listing asks for 10+ years of experience; the resume shows about 6"
        in (result["weaknesses"])
    )
    assert not any("about 12" in item for item in result["strengths"] + result["weaknesses"])


COMPANY_LINE = """\
Experience
Data Engineer, Flink Foods
Berlin \u00b7 Grocery delivery platform, 2M users
- Rebuilt the order pipeline in Python, cutting processing time by 40%
"""


def test_a_company_description_line_is_not_quoted_as_a_result():
    result = analyze(COMPANY_LINE, "Requirements: Python")
    assert (
        'Shows 1 quantified result, e.g. "Rebuilt the order pipeline in Python, cutting '
        'processing time by 40%"' in result["strengths"]
    )
    only_company = analyze(
        "Experience\nBerlin \u00b7 Grocery delivery platform, 2M users", "Python"
    )
    assert not any("quantified" in item for item in only_company["strengths"])


def test_a_missing_language_gets_advice_about_languages():
    result = analyze("Python developer.", "Requirements:\n- Python\n- Fluent German and Dutch")
    assert result["missing_keywords"] == ["Dutch", "German"]
    assert (
        "If you speak Dutch and German, say how well, e.g. 'Dutch: fluent (C1)', in your skills "
        "or languages section" in result["suggestions"]
    )
    assert not any("experience with German" in s for s in result["suggestions"])
