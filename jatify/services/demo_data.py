"""The demo account's content: job listings and applications with their status paths.

Companies are fictional and their addresses use the reserved `.example` domain.
"""

from __future__ import annotations

from jatify.vocabulary import StatusId

APPLIED = StatusId.APPLIED
HR = StatusId.HR_INTERVIEW
USER = StatusId.USER_INTERVIEW
GHOSTED = StatusId.GHOSTED
OFFER = StatusId.OFFER
REJECTED = StatusId.REJECTED
ACCEPTED = StatusId.OFFER_ACCEPTED
TURNED_DOWN = StatusId.OFFER_TURNED_DOWN
WISHLIST = StatusId.WISHLIST
WITHDRAWN = StatusId.WITHDRAWN

JOBS: tuple[dict[str, str | None], ...] = (
    {
        "company": "Northwind Analytics",
        "position": "Senior Backend Engineer (Python)",
        "location": "Berlin, Germany (hybrid)",
        "salary": "€75,000-90,000",
        "url": "https://careers.northwind-analytics.example/jobs/4821",
        "description": "Build the APIs behind our forecasting product. You will design REST "
        "services in Python with Flask and SQLAlchemy, model data in PostgreSQL, and run "
        "background jobs at scale. We value tests (pytest), code review and observability "
        "(Prometheus, OpenTelemetry). Experience with Docker, Kubernetes and AWS is a plus.",
    },
    {
        "company": "Bluefin Logistics",
        "position": "Software Engineer, multiple teams",
        "location": "Rotterdam, Netherlands",
        "salary": "€60,000-80,000",
        "url": "https://jobs.bluefin-logistics.example/openings/se-2024",
        "description": "One posting, several teams: Routing, Payments and Platform. Our stack "
        "is Go and Python services on Kubernetes, Kafka for events and PostgreSQL for state. "
        "You write clean, tested code, own features end to end and join the on-call rotation. "
        "Nice to have: gRPC, Terraform, distributed tracing.",
    },
    {
        "company": "Helio Energy",
        "position": "Data Engineer",
        "location": "Remote (EU time zones)",
        "salary": "€65,000-78,000",
        "url": "https://helio-energy.example/careers/data-engineer",
        "description": "Move smart-meter readings from devices to dashboards. You will build "
        "batch and streaming pipelines with Python, Apache Airflow and dbt, tune SQL on "
        "PostgreSQL and BigQuery, and keep data quality measurable. Spark or Flink experience, "
        "and a feel for time series, help a lot.",
    },
    {
        "company": "Quillon Health",
        "position": "Full-Stack Developer (React / Django)",
        "location": "Amsterdam, Netherlands",
        "salary": "€55,000-70,000",
        "url": "https://quillon-health.example/jobs/fullstack-react-django",
        "description": "Ship features for clinicians: React and TypeScript on the front end, "
        "Django REST Framework and PostgreSQL behind it. Accessibility (WCAG), component "
        "testing with Jest and Playwright, and care for patient data (GDPR, ISO 27001) are "
        "part of the job. Healthcare experience is welcome but not required.",
    },
    {
        "company": "Marlow & Finch",
        "position": "Platform Engineer",
        "location": "London, United Kingdom",
        "salary": "£70,000-85,000",
        "url": "https://careers.marlowfinch.example/platform-engineer",
        "description": "Own the paved road our 40 product engineers use: Kubernetes (EKS), "
        "Terraform, GitHub Actions, Argo CD and Vault. You automate everything twice-done, "
        "write Go or Python tooling, and improve reliability with SLOs and incident reviews. "
        "Linux internals and networking knowledge are expected.",
    },
    {
        "company": "Tessellate",
        "position": "Machine Learning Engineer",
        "location": "Paris, France (hybrid)",
        "salary": "€70,000-95,000",
        "url": "https://tessellate.example/careers/ml-engineer",
        "description": "Put models into production for document understanding. Python, "
        "PyTorch and Hugging Face Transformers for training; FastAPI, Docker and a GPU "
        "Kubernetes cluster for serving. You know how to evaluate models, track experiments "
        "(MLflow) and keep latency low. Experience with LLMs and retrieval is a plus.",
    },
    {
        "company": "Copperleaf Bank",
        "position": "Backend Developer (Java)",
        "location": "Frankfurt, Germany",
        "salary": "€68,000-82,000",
        "url": "https://copperleaf-bank.example/jobs/backend-java",
        "description": "Build payment services with Java 21 and Spring Boot, PostgreSQL and "
        "Kafka, deployed on OpenShift. You care about correctness: idempotent APIs, "
        "transactions, audit trails and thorough tests (JUnit, Testcontainers). Knowledge of "
        "SEPA, ISO 20022 or PSD2 is an advantage.",
    },
    {
        "company": "Lumen Games",
        "position": "Gameplay Programmer",
        "location": "Stockholm, Sweden",
        "salary": "SEK 50,000-60,000 / month",
        "url": "https://lumen-games.example/jobs/gameplay-programmer",
        "description": "Prototype and polish gameplay systems in C++ and Unreal Engine 5 with "
        "designers and animators. Strong math for 3D, profiling and memory awareness, and "
        "Blueprints fluency matter. A shipped title, multiplayer networking or Perforce "
        "experience will make you stand out.",
    },
    {
        "company": "Verdant Foods",
        "position": "DevOps Engineer",
        "location": "Remote (Europe)",
        "salary": "€58,000-72,000",
        "url": "https://verdant-foods.example/careers/devops",
        "description": "Keep our e-commerce platform fast and up through the holiday peaks. "
        "AWS (ECS, RDS, CloudFront), Terraform, Docker, Datadog and PagerDuty are our daily "
        "tools. You script in Bash and Python, harden CI/CD pipelines and drive cost "
        "reviews. Security mindset and calm on-call habits required.",
    },
    {
        "company": "Atlas Mobility",
        "position": "Senior iOS Engineer",
        "location": "Munich, Germany",
        "salary": "€80,000-95,000",
        "url": "https://atlas-mobility.example/jobs/ios-senior",
        "description": "Lead the iOS app riders use every day: Swift, SwiftUI, Combine and "
        "async/await, with modular architecture and snapshot tests. You mentor two engineers, "
        "work closely with design and backend (GraphQL), and keep crash-free sessions above "
        "99.9%. MapKit or location experience is a plus.",
    },
    {
        "company": "Kestrel Security",
        "position": "Security Engineer, Application Security",
        "location": "Dublin, Ireland",
        "salary": "€75,000-90,000",
        "url": "https://kestrel-security.example/careers/appsec",
        "description": "Find and fix vulnerabilities before attackers do: threat modelling, "
        "secure code review in Python and TypeScript, SAST/DAST tooling (Semgrep, Burp "
        "Suite) and security champions training. OWASP Top 10 expertise and clear writing "
        "are essential; OSCP or bug bounty experience is welcome.",
    },
    {
        "company": "Orbital Print",
        "position": "Frontend Engineer (Vue.js)",
        "location": "Vienna, Austria",
        "salary": "€52,000-64,000",
        "url": "https://orbital-print.example/jobs/frontend-vue",
        "description": "Build the web editor customers use to design print products. Vue 3, "
        "TypeScript, Pinia and Vite, with Canvas and SVG for rendering. You write tested, "
        "accessible components (Vitest, Cypress), care about performance budgets and work "
        "with a REST and WebSocket backend.",
    },
    {
        "company": "Riverstone Insurance",
        "position": "Python Developer, Claims Automation",
        "location": "Zurich, Switzerland (hybrid)",
        "salary": "CHF 110,000-130,000",
        "url": "https://riverstone-insurance.example/careers/python-claims",
        "description": "Automate claims handling with Python services: FastAPI, Celery, "
        "PostgreSQL and document processing (OCR, PDF parsing). You integrate with legacy "
        "SOAP systems, write pytest suites and deploy on Azure with Docker. Domain knowledge "
        "in insurance is a bonus; German is nice to have.",
    },
    {
        "company": "Fernwood Labs",
        "position": "Site Reliability Engineer",
        "location": "Remote (UK or EU)",
        "salary": "£65,000-80,000",
        "url": "https://fernwood-labs.example/jobs/sre",
        "description": "Run a multi-region SaaS on Google Cloud: GKE, Cloud SQL for "
        "PostgreSQL, Pub/Sub. Define SLOs, build alerting with Prometheus and Grafana, lead "
        "incident response and write blameless postmortems. You code in Go or Python and "
        "understand Linux performance and TCP/IP.",
    },
    {
        "company": "Pinecrest Education",
        "position": "Engineering Manager, Learning Platform",
        "location": "Copenhagen, Denmark",
        "salary": "DKK 65,000-75,000 / month",
        "url": "https://pinecrest-education.example/careers/engineering-manager",
        "description": "Lead a team of six engineers building our learning platform (Ruby on "
        "Rails, React, PostgreSQL). You hire, coach and grow people, run a sustainable "
        "delivery process, and partner with product on the roadmap. Hands-on experience "
        "with web backends and a track record of managing teams are required.",
    },
)

# (job index in JOBS, status path, days ago of the first step, notes). Each step of the
# path is a few days after the previous one; applied_at is the day of the Applied step.
APPLICATIONS: tuple[tuple[int, tuple[int, ...], int, str | None], ...] = (
    (0, (WISHLIST, APPLIED, HR, USER), 40, "Referral from a former colleague on the data team."),
    (1, (APPLIED, HR, USER, OFFER), 55, "Payments team. Take-home: idempotent transfers API."),
    (1, (APPLIED, REJECTED), 50, "Routing team; they wanted more Go experience."),
    (1, (APPLIED, GHOSTED), 70, "Platform team, applied through the careers page."),
    (2, (APPLIED, HR), 12, "Recruiter asked for availability next week."),
    (3, (APPLIED,), 5, None),
    (4, (APPLIED, HR, USER, OFFER, ACCEPTED), 75, "Signed! Start date on the first of month."),
    (5, (WISHLIST,), 3, "Brush up on PyTorch serving before applying."),
    (5, (APPLIED, HR, REJECTED), 60, "Research-heavy team; feedback: more publications."),
    (6, (APPLIED, GHOSTED), 45, None),
    (7, (WISHLIST,), 8, "Portfolio demo needs updating first."),
    (8, (APPLIED, HR, USER, OFFER, TURNED_DOWN), 65, "Salary below expectations."),
    (9, (APPLIED, HR), 18, "Phone screen went well; second call scheduled."),
    (10, (APPLIED, HR, USER), 25, "System design round next: threat model a payments API."),
    (10, (APPLIED, WITHDRAWN), 90, "Earlier posting for a junior role; withdrew to wait."),
    (11, (APPLIED,), 9, "Applied with the frontend-focused resume."),
    (12, (APPLIED, HR, USER, OFFER), 30, "Offer in CHF; need to compare with cost of living."),
    (12, (APPLIED, REJECTED), 80, "Earlier application for the data role, rejected."),
    (13, (APPLIED, HR, REJECTED), 35, "They picked someone with GCP certifications."),
    (13, (WISHLIST,), 2, "Second SRE opening on the same team, check with the recruiter."),
    (14, (APPLIED,), 4, "Cover letter highlights mentoring experience."),
    (0, (APPLIED, GHOSTED), 100, "Previous year's opening for the same team."),
    (2, (APPLIED, WITHDRAWN), 28, "Analytics engineer track; withdrew for the data engineer role."),
    (6, (APPLIED, HR, USER, REJECTED), 20, "Final round feedback: strong Spring, weak Kafka."),
    (3, (APPLIED, HR), 15, "Mobile team variant of the same posting."),
)
