"""Writes for cohorts, one module per sub-domain: ``lifecycle`` (programmes, cohorts and their
status), ``enrolment``, ``groups``, ``schedule`` (holidays, generating sessions), ``sessions``,
``attendance``, ``closing``, ``feeds`` and ``notifications``; ``common`` holds the shared guards.
Views, the demo data, tasks and tests all call these.

Each is atomic, takes keyword arguments and raises ``ValidationError`` with a Dutch message when a
rule says no. Rules that must hold when two coordinators act at once take a row lock (the cohort)
or are database constraints (places, once per cohort, once per session, a group's coach).
"""
