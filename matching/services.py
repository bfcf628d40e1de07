"""Every write about matches, check-ins and the coordinator's matching settings.

Views, the demo data and tests all call these, so each rule lives once. They are atomic, take
keyword arguments and raise ``ValidationError`` with a Dutch message naming what is wrong.

Two coordinators may confirm at the same moment. A newcomer's single open match is a database
rule (a partial unique constraint); a buddy's maximum depends on a count, so
``match_confirm_many`` locks the newcomers' and then the buddies' rows, each in order of their
key (no two confirmations can wait on each other), and counts again under the lock.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts.models import Cohort, Enrolment
from matching import selectors
from matching.models import OPEN_STATUSES, CheckIn, Exclusion, Match, MatchWeights, PairNote
from matching.profiles import NOTE_LIMIT
from matching.scoring import Constraint, Score, explain, hard_constraint_violation
from participants import services as participant_services
from participants.models import Buddy, Newcomer
from vvsite.history import acting_user


def _save(obj, *, by=None, reason: str = ""):
    obj.full_clean(validate_constraints=False)
    obj._history_user = acting_user(by)
    if reason:
        obj._change_reason = reason
    obj.save()
    return obj


def _today() -> date:
    return timezone.localdate()


def explanation_json(score: Score) -> list[dict]:
    """A score's contributions as JSON, to keep with the match as it was when it was made."""

    def plain(value):
        if isinstance(value, tuple):
            return list(value)
        if isinstance(value, float):
            return round(value, 2)
        return value

    return [
        {
            "criterion": c.criterion.value,
            "weight": c.weight,
            "points": c.points,
            "evidence": plain(c.evidence),
        }
        for c in score.contributions
    ]


# --- Making matches ------------------------------------------------------------------------------


def _name(profile) -> str:
    return profile.person.display_name


def _pair_error(newcomer, buddy, rule: str) -> ValidationError:
    return ValidationError(
        _("%(newcomer)s and %(buddy)s cannot be paired: %(rule)s")
        % {"newcomer": _name(newcomer), "buddy": _name(buddy), "rule": rule}
    )


def _check_people(pairs, newcomers, buddies, cohort) -> None:
    """Everyone exists, may be matched now, and appears once (a buddy up to their room)."""
    for newcomer_id, count in Counter(n for n, _b in pairs).items():
        if count > 1:
            raise ValidationError(
                _("%(newcomer)s appears in more than one pair.")
                % {"newcomer": _name(newcomers[newcomer_id])}
            )
    for newcomer_id, buddy_id in pairs:
        newcomer, buddy = newcomers[newcomer_id], buddies[buddy_id]
        if newcomer_id == buddy_id:
            raise _pair_error(newcomer, buddy, _("a person cannot be their own buddy."))
        if newcomer.status not in selectors.MATCHABLE_NEWCOMER:
            raise _pair_error(
                newcomer,
                buddy,
                _("the newcomer's status is “%(status)s”.")
                % {"status": newcomer.get_status_display()},
            )
        if not newcomer.may_process:
            raise _pair_error(
                newcomer, buddy, _("the newcomer has not agreed to the processing of their data.")
            )
        if buddy.status not in selectors.MATCHABLE_BUDDY:
            raise _pair_error(
                newcomer,
                buddy,
                _("the buddy's status is “%(status)s”.") % {"status": buddy.get_status_display()},
            )
    if cohort is not None:
        enrolled = set(
            Enrolment.objects.filter(
                cohort=cohort,
                status=Enrolment.Status.ENROLLED,
                person_id__in={pk for pair in pairs for pk in pair},
            ).values_list("person_id", "role")
        )
        for newcomer_id, buddy_id in pairs:
            if (newcomer_id, Enrolment.Role.NEWCOMER) not in enrolled or (
                buddy_id,
                Enrolment.Role.BUDDY,
            ) not in enrolled:
                raise _pair_error(
                    newcomers[newcomer_id],
                    buddies[buddy_id],
                    _("both must take part in %(cohort)s.") % {"cohort": cohort},
                )


def _check_room(pairs, newcomers, buddies) -> None:
    """No newcomer has an open match yet, and no buddy goes over their maximum; counted under
    the locks the caller holds."""
    newcomer_ids = [n for n, _b in pairs]
    taken = set(
        Match.objects.filter(newcomer_id__in=newcomer_ids, status__in=OPEN_STATUSES).values_list(
            "newcomer_id", flat=True
        )
    )
    for newcomer_id, buddy_id in pairs:
        if newcomer_id in taken:
            raise _pair_error(
                newcomers[newcomer_id],
                buddies[buddy_id],
                _("the newcomer already has a match; end it first."),
            )
    wanted = Counter(b for _n, b in pairs)
    open_counts = dict(
        Match.objects.filter(buddy_id__in=list(wanted), status__in=OPEN_STATUSES)
        .values("buddy_id")
        .annotate(n=Count("pk"))
        .values_list("buddy_id", "n")
    )
    for buddy_id, count in wanted.items():
        buddy = buddies[buddy_id]
        room = buddy.max_active_matches - open_counts.get(buddy_id, 0)
        if count > room:
            raise ValidationError(
                ngettext(
                    "%(buddy)s can take %(room)s more match, not %(count)s.",
                    "%(buddy)s can take %(room)s more matches, not %(count)s.",
                    max(room, 0),
                )
                % {"buddy": _name(buddy), "room": max(room, 0), "count": count}
            )


def _scores(pairs, newcomers, buddies) -> dict[tuple[int, int], Score]:
    """Each pair's score now, refusing a pair that breaks a hard constraint. The buddies' room is
    checked under the lock by ``_check_room``; here a buddy counts as having room, so that the
    message names the constraint that really stands in the way."""
    weights, settings = selectors.scoring_for([n for n, _b in pairs], [b for _n, b in pairs])
    newcomer_profiles = {
        p.id: p
        for p in selectors.newcomer_profiles(Newcomer.objects.filter(pk__in=list(newcomers)))
    }
    buddy_profiles = {
        p.id: dataclasses.replace(p, active_matches=0)
        for p in selectors.buddy_profiles(Buddy.objects.filter(pk__in=list(buddies)))
    }
    scores = {}
    for newcomer_id, buddy_id in pairs:
        n, b = newcomer_profiles[newcomer_id], buddy_profiles[buddy_id]
        violation = hard_constraint_violation(n, b, settings)
        if violation is not None and violation is not Constraint.AT_CAPACITY:
            raise _pair_error(newcomers[newcomer_id], buddies[buddy_id], str(violation.label))
        scores[newcomer_id, buddy_id] = explain(n, b, weights, settings)
    return scores


def _lock_people(newcomer_ids: list[int], buddy_ids: list[int]) -> None:
    """Lock the rows in one order everywhere: newcomers, then buddies, each by key."""
    newcomer_keys = list(
        Newcomer.objects.select_for_update()
        .filter(pk__in=newcomer_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    buddy_keys = list(
        Buddy.objects.select_for_update()
        .filter(pk__in=buddy_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(newcomer_keys) != len(newcomer_ids) or len(buddy_keys) != len(buddy_ids):
        raise ValidationError(_("A newcomer or buddy in this proposal no longer exists."))


def _match_add(
    newcomer: Newcomer, buddy: Buddy, *, cohort, status: str, on: date, score: Score, by
) -> Match:
    match = Match(
        newcomer=newcomer,
        buddy=buddy,
        cohort=cohort,
        status=status,
        proposed_on=on,
        introduced_on=on if status == Match.Status.ACTIVE else None,
        started_on=on if status == Match.Status.ACTIVE else None,
        score=score.total,
        explanation=explanation_json(score),
        created_by=acting_user(by),
    )
    try:
        with transaction.atomic():
            _save(match, by=by, reason=_("Match made"))
    except IntegrityError as exc:  # the database's own rule, should a check above miss
        raise _pair_error(
            newcomer, buddy, _("the newcomer got a match at the same moment.")
        ) from exc
    return match


@transaction.atomic
def match_confirm_many(
    *,
    cohort: Cohort | None,
    pairs: Iterable[tuple[int, int]],
    by,
    status: str = Match.Status.PROPOSED,
    on: date | None = None,
) -> list[Match]:
    """Make every pair in ``pairs`` ((newcomer id, buddy id)) a match, or none of them.

    ``cohort`` None makes matches outside any cohort ("losse koppeling"); otherwise both people
    must take part in it. ``status`` is *proposed* (the first meeting is still to come) or
    *active* (they have met; a buddy who was available becomes matched). The whole set is
    refused, with a message naming the pair, when one pair breaks a rule: a newcomer with an
    open match or twice in the set, a buddy over their maximum, a hard constraint, a status.
    """
    pairs = [(int(n), int(b)) for n, b in pairs]
    if not pairs:
        raise ValidationError(_("There are no pairs to confirm."))
    if status not in (Match.Status.PROPOSED, Match.Status.ACTIVE):
        raise ValidationError(_("A new match is either proposed or active."))
    on = on or _today()
    if on > _today():
        raise ValidationError(_("The date cannot be in the future."))
    if cohort is not None:
        cohort = Cohort.objects.get(pk=cohort.pk)
    newcomer_ids = sorted({n for n, _b in pairs})
    buddy_ids = sorted({b for _n, b in pairs})
    _lock_people(newcomer_ids, buddy_ids)
    newcomers = selectors.newcomers_for_page(newcomer_ids)
    buddies = selectors.buddies_for_page(buddy_ids)
    _check_people(pairs, newcomers, buddies, cohort)
    _check_room(pairs, newcomers, buddies)
    scores = _scores(pairs, newcomers, buddies)

    made = [
        _match_add(
            newcomers[newcomer_id],
            buddies[buddy_id],
            cohort=cohort,
            status=status,
            on=on,
            score=scores[newcomer_id, buddy_id],
            by=by,
        )
        for newcomer_id, buddy_id in pairs
    ]
    if status == Match.Status.ACTIVE:
        for buddy_id in buddy_ids:
            _buddy_now_matched(buddies[buddy_id], by=by)
    return made


def match_create(
    *,
    newcomer: Newcomer,
    buddy: Buddy,
    cohort: Cohort | None = None,
    by,
    status: str = Match.Status.PROPOSED,
    on: date | None = None,
) -> Match:
    """One match: from the suggestions for a newcomer, or outside any cohort."""
    return match_confirm_many(
        cohort=cohort, pairs=[(newcomer.pk, buddy.pk)], by=by, status=status, on=on
    )[0]


def cohort_for_pair(newcomer: Newcomer, buddy: Buddy) -> Cohort | None:
    """The cohort both take part in, if any: a match made there belongs to it."""
    shared = (
        Cohort.objects.filter(
            enrolments__person_id=newcomer.pk,
            enrolments__role=Enrolment.Role.NEWCOMER,
            enrolments__status=Enrolment.Status.ENROLLED,
        )
        .filter(
            enrolments__person_id=buddy.pk,
            enrolments__role=Enrolment.Role.BUDDY,
            enrolments__status=Enrolment.Status.ENROLLED,
        )
        .order_by("-start_date")
    )
    return shared.first()


# --- The life of a match -------------------------------------------------------------------------


def _buddy_now_matched(buddy: Buddy, *, by) -> None:
    buddy.refresh_from_db(fields=["status"])
    if buddy.status == Buddy.Status.AVAILABLE:
        participant_services.buddy_transition(
            buddy=buddy, to=Buddy.Status.MATCHED, by=by, note=_("A match became active")
        )


def _locked(match: Match) -> Match:
    return (
        Match.objects.select_for_update(of=("self",))
        .select_related("newcomer__person", "buddy__person")
        .get(pk=match.pk)
    )


def _check_date(on: date, *, not_before: date, what: str) -> None:
    if on > _today():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if on < not_before:
        raise ValidationError(
            {
                "on": _("The date cannot be before %(what)s (%(date)s).")
                % {"what": what, "date": not_before.strftime("%d-%m-%Y")}
            }
        )


def _moved(match: Match, locked: Match) -> Match:
    for name in ("status", "introduced_on", "started_on", "ended_on", "end_reason", "end_note"):
        setattr(match, name, getattr(locked, name))
    return locked


@transaction.atomic
def match_introduce(*, match: Match, on: date | None = None, by) -> Match:
    """The pair had their first meeting (kennismaking)."""
    locked = _locked(match)
    if locked.status != Match.Status.PROPOSED:
        raise ValidationError(_("Only a proposed match can have its first meeting recorded."))
    on = on or _today()
    _check_date(on, not_before=locked.proposed_on, what=_("the proposal"))
    locked.status = Match.Status.INTRODUCED
    locked.introduced_on = on
    _save(locked, by=by, reason=_("First meeting"))
    return _moved(match, locked)


@transaction.atomic
def match_activate(*, match: Match, on: date | None = None, by) -> Match:
    """The pair goes on together; from *proposed* this also records the first meeting on the
    same day. A buddy who was available becomes matched."""
    locked = _locked(match)
    if locked.status not in (Match.Status.PROPOSED, Match.Status.INTRODUCED):
        raise ValidationError(_("Only a proposed or introduced match can become active."))
    on = on or _today()
    _check_date(
        on,
        not_before=locked.introduced_on or locked.proposed_on,
        what=_("the first meeting") if locked.introduced_on else _("the proposal"),
    )
    locked.status = Match.Status.ACTIVE
    locked.introduced_on = locked.introduced_on or on
    locked.started_on = on
    _save(locked, by=by, reason=_("Active"))
    _buddy_now_matched(locked.buddy, by=by)
    return _moved(match, locked)


@transaction.atomic
def match_end(*, match: Match, reason: str, on: date | None = None, note: str = "", by) -> Match:
    """End a match with a reason. The newcomer can be matched again; a buddy left without an
    active match becomes available again."""
    locked = _locked(match)
    if locked.status == Match.Status.ENDED:
        raise ValidationError(_("This match has ended already."))
    if reason not in Match.EndReason.values:
        raise ValidationError({"reason": _("Choose the reason for ending.")})
    on = on or _today()
    _check_date(
        on,
        not_before=locked.started_on or locked.introduced_on or locked.proposed_on,
        what=_("the last step of the match"),
    )
    locked.status = Match.Status.ENDED
    locked.ended_on = on
    locked.end_reason = reason
    locked.end_note = note
    _save(locked, by=by, reason=_("Ended"))
    buddy = Buddy.objects.select_for_update().get(pk=locked.buddy_id)
    still_active = buddy.matches.filter(status=Match.Status.ACTIVE).exists()
    if not still_active and buddy.status == Buddy.Status.MATCHED:
        participant_services.buddy_transition(
            buddy=buddy, to=Buddy.Status.AVAILABLE, by=by, note=_("Match ended")
        )
    return _moved(match, locked)


@transaction.atomic
def checkin_add(*, match: Match, how: str, on: date | None = None, note: str = "", by) -> CheckIn:
    """A coordinator's or coach's note on how the pair is doing."""
    on = on or _today()
    _check_date(on, not_before=match.proposed_on, what=_("the proposal"))
    if match.ended_on and on > match.ended_on:
        raise ValidationError({"on": _("The match had ended by then.")})
    checkin = CheckIn(match=match, on=on, how=how, note=note, by=acting_user(by))
    return _save(checkin, by=by)


# --- Settings, exclusions and notes --------------------------------------------------------------


@transaction.atomic
def weights_update(*, fields: Mapping, by) -> MatchWeights:
    """Change the weights of the criteria and the limits; every score from then on uses them."""
    selectors.current_weights()
    row = MatchWeights.objects.select_for_update().get(pk=1)
    for name, value in fields.items():
        setattr(row, name, value)
    row.updated_at = timezone.now()
    row.updated_by = acting_user(by)
    return _save(row, by=by)


@transaction.atomic
def exclusion_add(*, newcomer: Newcomer, buddy: Buddy, reason: str, by) -> Exclusion:
    """Rule a pair out: they are never suggested or proposed together."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this pair is ruled out.")})
    if Match.objects.filter(newcomer=newcomer, buddy=buddy, status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("These two have a match; end it before ruling the pair out."))
    if Exclusion.objects.filter(newcomer=newcomer, buddy=buddy).exists():
        raise ValidationError(_("This pair has been ruled out already."))
    exclusion = Exclusion(newcomer=newcomer, buddy=buddy, reason=reason.strip(), by=acting_user(by))
    return _save(exclusion, by=by)


@transaction.atomic
def exclusion_remove(*, exclusion: Exclusion, by) -> None:
    exclusion._history_user = acting_user(by)
    exclusion.delete()


@transaction.atomic
def note_set(
    *, newcomer: Newcomer, buddy: Buddy, points: int, text: str = "", by
) -> PairNote | None:
    """The coordinator's judgement of a pair (-5..+5) with a note; 0 without text removes it."""
    if not -NOTE_LIMIT <= points <= NOTE_LIMIT:
        raise ValidationError(
            {"points": _("Choose a value from -%(limit)s to +%(limit)s.") % {"limit": NOTE_LIMIT}}
        )
    note = PairNote.objects.select_for_update().filter(newcomer=newcomer, buddy=buddy).first()
    if points == 0 and not text.strip():
        if note is not None:
            note._history_user = acting_user(by)
            note.delete()
        return None
    note = note or PairNote(newcomer=newcomer, buddy=buddy)
    note.points = points
    note.text = text.strip()
    note.by = acting_user(by)
    note.updated_at = timezone.now()
    return _save(note, by=by)
