"""The curated skill vocabulary of the builtin analyzer and how terms are found in text.

Each line of the tables is `Name: alias, alias`. Aliases are matched case-insensitively,
with an optional plural "s" and word boundaries that understand `c++`, `c#`, `.net` and
`node.js`; an alias starting with `=` is matched case-sensitively (`=Swift`, `=Excel`:
"swift" and "excel" are English words), one starting with `~` is a case-sensitive regular
expression (`Go`, `C`, `R`, which need guards of their own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

HARD_SKILLS = """
Python: python
Java: java
JavaScript: javascript, js, ecmascript, es6
TypeScript: typescript
Go: golang, ~Go(?!-)
Rust: rust
C: ~(?<!-)(?<!Series )(?<!Round )(?<!Grade )C(?![&'-])
C++: c++, cpp
C#: c#, csharp, c sharp
.NET: .net, dotnet, .net core
ASP.NET: asp.net
Ruby: ruby
PHP: php
Kotlin: kotlin
Swift: =Swift
Scala: scala
Elixir: elixir
Haskell: haskell
Perl: perl
R: ~(?<!-)R(?![&'-])
MATLAB: matlab
Bash: bash, shell scripting, shell scripts
PowerShell: powershell
SQL: sql
NoSQL: nosql
HTML: html, html5
CSS: css, css3
Sass: sass, scss
Tailwind CSS: tailwind, tailwindcss
React: =React, reactjs, react.js
React Native: react native
iOS: =iOS
Android: android
Flutter: flutter
Angular: angular, angularjs
Vue.js: vue, vue.js, vuejs
Next.js: next.js, nextjs
Node.js: node.js, nodejs, node js, =Node
Express: express.js, expressjs, =Express
Svelte: svelte
jQuery: jquery
Redux: redux
Django: django
Flask: flask
FastAPI: fastapi
Spring Boot: spring boot, spring framework
Ruby on Rails: ruby on rails, =Rails
Laravel: laravel
GraphQL: graphql
gRPC: grpc
REST API: rest api, restful, restful api, rest services, =REST
WebSockets: websocket, web sockets
OAuth: oauth, oauth2, openid connect
PostgreSQL: postgresql, postgres, psql
MySQL: mysql
SQLite: sqlite
SQL Server: sql server, mssql, ms sql
Oracle Database: oracle database, oracle db, =Oracle
MongoDB: mongodb, mongo
Redis: redis
Elasticsearch: elasticsearch, elastic search, opensearch
Cassandra: cassandra
DynamoDB: dynamodb
Snowflake: =Snowflake
BigQuery: bigquery
Redshift: redshift
Databricks: databricks
Kafka: kafka, apache kafka
RabbitMQ: rabbitmq
Airflow: airflow, apache airflow
dbt: dbt
Spark: apache spark, pyspark, =Spark
Hadoop: hadoop
ETL: etl, elt
Data warehousing: data warehouse, data warehousing
Data pipelines: data pipeline
Data modeling: data modeling, data modelling
AWS: aws, amazon web services
Google Cloud: google cloud, gcp, google cloud platform
Azure: azure, microsoft azure
Docker: docker
Kubernetes: kubernetes, k8s
Helm: =Helm
Terraform: terraform
Ansible: ansible
CI/CD: ci/cd, ci-cd, cicd, ci cd, continuous integration, continuous delivery, continuous deployment
Jenkins: jenkins
GitHub Actions: github actions
GitLab CI: gitlab ci
Git: git
Linux: linux
Nginx: nginx
Prometheus: prometheus
Grafana: grafana
Datadog: datadog
Observability: observability
Serverless: serverless, aws lambda
Microservices: microservice, micro-services, microservices architecture
Distributed systems: distributed system
System design: system design, systems design
Infrastructure as code: infrastructure as code, =IaC
Site reliability engineering: site reliability, =SRE
Cybersecurity: cybersecurity, cyber security, information security, infosec
Unit testing: unit testing, unit test
Test automation: test automation, automated testing, automated tests
TDD: tdd, test-driven development, test driven development
pytest: pytest
Selenium: selenium
Cypress: cypress
Jest: =Jest
Playwright: playwright
Machine learning: machine learning, =ML
Deep learning: deep learning
Artificial intelligence: artificial intelligence, =AI
Generative AI: generative ai, genai, gen ai
LLMs: llm, llms, large language model
NLP: nlp, natural language processing
Computer vision: computer vision
Data science: data science
MLOps: mlops
TensorFlow: tensorflow
PyTorch: pytorch
scikit-learn: scikit-learn, sklearn
Pandas: pandas
NumPy: numpy
Jupyter: jupyter
Statistics: statistics, statistical analysis, statistical modeling
Data analysis: data analysis, data analytics
Data visualization: data visualization, data visualisation
A/B testing: a/b testing, a/b tests, a/b test, ab testing, split testing
Excel: =Excel, microsoft excel, ms excel
PowerPoint: powerpoint
Mixpanel: mixpanel
Power BI: power bi, powerbi
Tableau: tableau
Looker: looker
Project management: project management, project manager
Product management: product management
Stakeholder management: stakeholder management, managing stakeholders
Agile: agile
Scrum: scrum
Kanban: kanban
Jira: jira
Confluence: confluence
Budgeting: budgeting, budget management
Forecasting: forecasting
Financial modeling: financial modeling, financial modelling
Financial analysis: financial analysis
Accounting: accounting
GAAP: gaap
IFRS: ifrs
SEO: seo, search engine optimization, search engine optimisation
SEM: =SEM, search engine marketing
Google Analytics: google analytics
Google Ads: google ads, adwords
Content marketing: content marketing
Email marketing: email marketing
Social media marketing: social media, social media marketing
Digital marketing: digital marketing
CRM: crm
Salesforce: salesforce
HubSpot: hubspot
SaaS: saas
B2B: b2b
B2C: b2c
Account management: account management
Business development: business development
Lead generation: lead generation
Negotiation: negotiation, negotiating
Customer success: customer success
Customer service: customer service, customer support
Recruiting: recruiting, recruitment, talent acquisition
Figma: figma
Photoshop: photoshop
Illustrator: =Illustrator, adobe illustrator
InDesign: indesign
UX design: ux, user experience, ux design
UI design: ui design, user interface design, =UI
User research: user research, usability testing
Wireframing: wireframing, wireframe
Prototyping: prototyping, prototype
Design systems: design system
Accessibility: accessibility, wcag, a11y
Copywriting: copywriting
Technical writing: technical writing, technical documentation
Six Sigma: six sigma
Lean: =Lean, lean manufacturing
Supply chain: supply chain, supply chain management
Logistics: logistics
Procurement: procurement
ERP: erp
SAP: =SAP
GDPR: gdpr
HIPAA: hipaa
SOC 2: soc 2
"""

SOFT_SKILLS = """
Communication: communication, communication skills, communicator
Leadership: leadership
Mentoring: mentoring, mentorship, mentored
Problem solving: problem solving, problem-solving, problem solver
Collaboration: collaboration, teamwork, cross-functional
Time management: time management
Attention to detail: attention to detail, detail-oriented, detail oriented
Presentation skills: presentation skills, public speaking
"""

LEFT = r"(?<![A-Za-z0-9_+#])(?<![A-Za-z0-9]\.)"
RIGHT = r"(?![A-Za-z0-9_+#])(?!\.[A-Za-z0-9])"


@dataclass(frozen=True)
class Skill:
    """One entry of the vocabulary: its display name, matcher, and whether it is soft."""

    name: str
    pattern: re.Pattern[str]
    soft: bool


def alias_regex(alias: str) -> str:
    """The regular expression (boundaries included) that finds one alias in text."""
    if alias.startswith("~"):
        core = alias[1:]
    else:
        literal = alias.removeprefix("=")
        core = re.escape(literal).replace(r"\-", r"[\s\-]?").replace(r"\ ", r"[\s\-]+")
        if not alias.startswith("="):
            plural = "s?" if len(literal) >= 4 and literal[-1].isalpha() else ""
            core = f"(?i:{core}{plural})"
    return f"{LEFT}(?:{core}){RIGHT}"


def _parse(table: str, soft: bool) -> list[Skill]:
    skills = []
    for line in table.strip().splitlines():
        name, _, aliases = line.partition(": ")
        regex = "|".join(alias_regex(alias.strip()) for alias in aliases.split(", "))
        skills.append(Skill(name, re.compile(regex), soft))
    return skills


SKILLS: tuple[Skill, ...] = (*_parse(HARD_SKILLS, False), *_parse(SOFT_SKILLS, True))


@cache
def term_pattern(term: str) -> re.Pattern[str]:
    """A case-insensitive, boundary-aware matcher for a term taken from a job description."""
    return re.compile(alias_regex(term.lower()))


def skill_spans(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of skills in `text`, a match inside a longer one left out."""
    found = [
        (match.start(), -match.end(), skill.name)
        for skill in SKILLS
        for match in skill.pattern.finditer(text)
    ]
    spans: list[tuple[str, int, int]] = []
    covered_until = 0
    for start, neg_end, name in sorted(found):
        if start >= covered_until:
            spans.append((name, start, -neg_end))
            covered_until = -neg_end
    return spans
