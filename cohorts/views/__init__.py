"""Pages for cohorts, one module per sub-domain: thin views over ``services`` (writes) and
``selectors`` (reads).

Coordinators plan cohorts, place people, form groups and schedule sessions. Coaches open their
group and record attendance on a phone; volunteers see their own sessions. Objects come from
selectors scoped to the user, so someone else's group or session is a 404.
"""
