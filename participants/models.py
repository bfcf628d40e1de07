"""People in the programme and what intake records about them.

One ``Person`` per human, whatever roles they take over the years; ``Newcomer`` and ``Buddy`` are
intake profiles that share the person's primary key (``/nieuwkomers/12/`` and ``/maatjes/12/`` are
the same human). Workflows live in ``services``; here are the data and their invariants.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from participants.fields import (
    PhoneField,
    PostcodeField,
    age_on,
    validate_birth_date,
    validate_not_future,
)
from participants.vocab import (
    Sector,
    validate_day_parts,
    validate_interests,
    validate_languages,
    validate_sectors,
)
from vvsite.fields import reference, user_reference

#: The civic-integration period after arrival in the municipality.
CIVIC_INTEGRATION_MONTHS = 18


def _between(field: str, low: int, high: int, name: str, *, nullable: bool = False):
    condition = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name)


def _in_choices(field: str, choices, name: str, *, blank: bool = False):
    values = list(choices.values) + ([""] if blank else [])
    return models.CheckConstraint(condition=Q(**{f"{field}__in": values}), name=name)


# --- Places and organisations ------------------------------------------------------------------


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("CBS code"), max_length=6, blank=True, help_text=_("e.g. GM0106"))
    active = models.BooleanField(
        _("programme works here"), default=True, help_text=_("Shown in forms and filters.")
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    """A neighbourhood or village, with a point so that matching can weigh distance."""

    municipality = reference(
        Municipality, "neighbourhoods", _("municipality"), on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="neighbourhood_unique"),
            _between("latitude", -90, 90, "neighbourhood_latitude_range"),
            _between("longitude", -180, 180, "neighbourhood_longitude_range"),
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A partner: refers newcomers, funds the work, or works with the programme."""

    name = models.CharField(_("name"), max_length=200)
    is_referrer = models.BooleanField(_("refers newcomers"), default=False)
    is_funder = models.BooleanField(_("funder"), default=False)
    is_partner = models.BooleanField(_("partner"), default=False)
    municipality = reference(
        Municipality, "organisations", _("municipality"), on_delete=models.SET_NULL, optional=True
    )
    phone = PhoneField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    organisation = reference(Organisation, "contacts", _("organisation"), on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    phone = PhoneField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- People ------------------------------------------------------------------------------------


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not specified")


class Person(models.Model):
    """One human, one record: personal data shared by all the roles they take over the years."""

    given_names = models.CharField(_("given names"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    native_name = models.CharField(
        _("name in own script"),
        max_length=300,
        blank=True,
        help_text=_("The full name as the person writes it, e.g. in Arabic or Ethiopic script."),
    )
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    birth_date = models.DateField(
        _("date of birth"), null=True, blank=True, validators=[validate_birth_date]
    )
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    phone = PhoneField(_("phone"), blank=True, region="NL")
    email = models.EmailField(_("e-mail address"), blank=True)
    street = models.CharField(_("street and house number"), max_length=200, blank=True)
    postcode = PostcodeField(_("postcode"), blank=True)
    place = models.CharField(_("town"), max_length=100, blank=True)
    municipality = reference(
        Municipality, "people", _("municipality"), on_delete=models.PROTECT, optional=True
    )
    neighbourhood = reference(
        Neighbourhood, "people", _("neighbourhood"), on_delete=models.PROTECT, optional=True
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[validate_languages]
    )
    interests = models.JSONField(
        _("interests"), default=list, blank=True, validators=[validate_interests]
    )
    availability = models.JSONField(
        _("availability"), default=list, blank=True, validators=[validate_day_parts]
    )
    notes = models.TextField(_("notes"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    registered_on = models.DateField(_("in the records since"), default=timezone.localdate)
    #: Set when the person's identifying data was erased (on request or after the retention
    #: period); see ``participants.privacy``.
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)
    #: Names, contact details and postcode, lower-cased without accents: what search matches.
    #: Kept up to date by ``services.person_save``; never edited by hand.
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_names", "pk"]
        indexes = [
            models.Index(fields=["family_name", "given_names"], name="person_name"),
            models.Index(fields=["birth_date"], name="person_birth_date"),
            models.Index(fields=["email"], name="person_email"),
            models.Index(fields=["phone"], name="person_phone"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True)
                | Q(birth_date__gte=date(1900, 1, 1), birth_date__lt=F("registered_on")),
                name="person_birth_date_range",
            ),
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=r"^[1-9][0-9]{3} [A-Z]{2}$"),
                name="person_postcode_dutch",
            ),
            _in_choices("gender", Gender, "person_gender_known"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part)

    @property
    def display_name(self) -> str:
        """The name coordinators use: the preferred name with the family name."""
        if self.preferred_name:
            return " ".join(part for part in (self.preferred_name, self.family_name) if part)
        return self.full_name

    @property
    def age(self) -> int | None:
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, timezone.localdate())

    def clean(self) -> None:
        super().clean()
        if (
            self.neighbourhood_id
            and self.municipality_id
            and self.neighbourhood.municipality_id != self.municipality_id
        ):
            raise ValidationError(
                {"neighbourhood": _("This neighbourhood lies in another municipality.")}
            )


# --- Intake profiles ----------------------------------------------------------------------------


class TargetGroup(models.TextChoices):
    CIVIC_INTEGRATION = "civic_integration", _("In civic integration (first 18 months)")
    LONGER = "longer", _("Longer than 18 months")
    ASYLUM_CENTRE = "asylum_centre", _("Asylum-seekers' centre")
    RELATIONSHIP = "relationship", _("Relationship migrant")
    LABOUR = "labour", _("Labour migrant")


class DutchLevel(models.TextChoices):
    A0 = "A0", "A0"
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    SECONDARY = "secondary", _("Secondary school")
    VOCATIONAL = "vocational", _("Vocational training")
    HIGHER_VOCATIONAL = "higher_vocational", _("Higher vocational education")
    UNIVERSITY = "university", _("University")


class GenderPreference(models.TextChoices):
    ANY = "any", _("No preference")
    FEMALE = "female", _("A woman")
    MALE = "male", _("A man")


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    NORMAL = 2, _("Normal")
    LOW = 3, _("Low")


class ParticipationStep(models.IntegerChoices):
    """The participation ladder, from isolation (1) to paid work (6)."""

    ISOLATED = 1, _("1 · Isolated")
    SOCIAL_CONTACTS = 2, _("2 · Social contacts outside the home")
    ORGANISED_ACTIVITIES = 3, _("3 · Taking part in organised activities")
    UNPAID_WORK = 4, _("4 · Unpaid work (volunteering)")
    PAID_WORK_WITH_SUPPORT = 5, _("5 · Paid work with support")
    PAID_WORK = 6, _("6 · Paid work")


class IntakeProfile(models.Model):
    """What a newcomer's and a buddy's profile share: the person (whose primary key the profile
    takes), registration, the status clock and the intake conversation."""

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="%(class)s",
        verbose_name=_("person"),
    )
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    intake_date = models.DateField(
        _("intake conversation on"), null=True, blank=True, validators=[validate_not_future]
    )
    intake_by = user_reference(_("intake by"))
    intake_notes = models.TextField(_("notes from the intake conversation"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.person)


class NewcomerStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    INTAKE_DONE = "intake_done", _("Intake done")
    WAITING = "waiting", _("On the waiting list")
    PLACED = "placed", _("Placed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class StopReason(models.TextChoices):
    MOVED = "moved", _("Moved away")
    ILLNESS = "illness", _("Illness")
    NO_TIME = "no_time", _("No time (work, study, family)")
    NO_CLICK = "no_click", _("No click with the buddy or group")
    NOT_SUITABLE = "not_suitable", _("Programme not suitable")
    UNREACHABLE = "unreachable", _("Could not be reached")
    OTHER = "other", _("Other")


class ReferralChannel(models.TextChoices):
    """How a newcomer came to the programme."""

    SELF = "self", _("On their own")
    FRIEND_FAMILY = "friend_family", _("Through a friend or family")
    ORGANISATION = "organisation", _("Through an organisation")
    OTHER = "other", _("Other")


class Newcomer(IntakeProfile):
    """Intake profile of a newcomer; shares its primary key with the person."""

    Status = NewcomerStatus
    StopReason = StopReason

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    stop_reason = models.CharField(
        _("reason for stopping"), max_length=20, choices=StopReason.choices, blank=True
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    referral_channel = models.CharField(
        _("came through"), max_length=20, choices=ReferralChannel.choices, blank=True
    )
    referrer = reference(
        Organisation,
        "referred_newcomers",
        _("referred by"),
        on_delete=models.PROTECT,
        optional=True,
        help_text=_("Leave empty when the newcomer came on their own or through a friend."),
    )
    #: The referral as the coordinator (or the spreadsheet) wrote it, kept exactly.
    referral_text = models.CharField(
        _("referral as written"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “Via vriend of familie” or the name of a person who sent them."),
    )
    referrer_contact = reference(
        ContactPerson,
        "referred_newcomers",
        _("contact person at the referrer"),
        on_delete=models.SET_NULL,
        optional=True,
    )
    # Origin and arrival
    country_of_origin = CountryField(_("country of origin"), blank=True)
    arrival_date = models.DateField(
        _("arrival in the municipality"), null=True, blank=True, validators=[validate_not_future]
    )
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    dutch_level = models.CharField(
        _("Dutch level"), max_length=2, choices=DutchLevel.choices, blank=True
    )
    # Household
    has_partner = models.BooleanField(_("has a partner"), default=False)
    children_ages = models.JSONField(
        _("ages of the children"),
        default=list,
        blank=True,
        help_text=_("One age per child, e.g. 4, 7, 12."),
    )
    household_notes = models.TextField(_("household notes"), blank=True)
    # Education and work
    education = models.CharField(
        _("highest education"), max_length=20, choices=Education.choices, blank=True
    )
    education_background = models.TextField(_("education"), blank=True)
    work_background = models.TextField(_("work experience"), blank=True)
    work_sector = models.CharField(
        _("sector of the work or study goal"), max_length=20, choices=Sector.choices, blank=True
    )
    # Goals per pillar
    goal_language = models.TextField(_("goal: language"), blank=True)
    goal_culture = models.TextField(_("goal: culture"), blank=True)
    goal_social_contacts = models.TextField(_("goal: social contacts"), blank=True)
    goal_health = models.TextField(_("goal: health"), blank=True)
    goal_work = models.TextField(_("goal: work, internship or study"), blank=True)
    participation_step = models.PositiveSmallIntegerField(
        _("participation ladder at intake"),
        choices=ParticipationStep.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    # Wishes for a buddy
    buddy_gender_preference = models.CharField(
        _("buddy should be"),
        max_length=10,
        choices=GenderPreference.choices,
        default=GenderPreference.ANY,
    )
    buddy_wishes = models.TextField(_("other wishes for a buddy"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("newcomer")
        verbose_name_plural = _("newcomers")
        indexes = [
            models.Index(fields=["status", "priority", "registered_on"], name="newcomer_waiting"),
            models.Index(fields=["registered_on"], name="newcomer_registered"),
        ]
        constraints = [
            _in_choices("status", NewcomerStatus, "newcomer_status_known"),
            models.CheckConstraint(
                condition=(Q(status="stopped") & ~Q(stop_reason=""))
                | (~Q(status="stopped") & Q(stop_reason="")),
                name="newcomer_stop_reason_iff_stopped",
            ),
            _between("priority", 1, 3, "newcomer_priority_range"),
            _between("participation_step", 1, 6, "newcomer_ladder_range", nullable=True),
            _in_choices("dutch_level", DutchLevel, "newcomer_dutch_level_known", blank=True),
            _in_choices("target_group", TargetGroup, "newcomer_target_group_known", blank=True),
            _in_choices("work_sector", Sector, "newcomer_work_sector_known", blank=True),
            _in_choices("buddy_gender_preference", GenderPreference, "newcomer_buddy_gender_known"),
        ]

    @property
    def civic_integration_until(self) -> date | None:
        if self.arrival_date is None:
            return None
        return self.arrival_date + relativedelta(months=CIVIC_INTEGRATION_MONTHS)

    @property
    def in_civic_integration(self) -> bool:
        until = self.civic_integration_until
        return until is not None and timezone.localdate() < until

    @property
    def children_count(self) -> int:
        return len(self.children_ages or [])

    def clean(self) -> None:
        super().clean()
        ages = self.children_ages or []
        if not isinstance(ages, list) or any(
            not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 30 for age in ages
        ):
            raise ValidationError(
                {"children_ages": _("Give each child's age as a whole number from 0 to 30.")}
            )
        if (
            self.referrer_contact_id
            and self.referrer_id
            and self.referrer_contact.organisation_id != self.referrer_id
        ):
            raise ValidationError(
                {"referrer_contact": _("This contact person works for another organisation.")}
            )
        if self.referrer_id and not self.referral_channel:
            self.referral_channel = ReferralChannel.ORGANISATION


class RecruitmentChannel(models.TextChoices):
    VOLUNTEER_POINT = "volunteer_point", _("Volunteer information point")
    SOCIAL_MEDIA = "social_media", _("Social media")
    CHURCH = "church", _("Church")
    SPORTS_CLUB = "sports_club", _("Sports club")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood association")
    COMPANY = "company", _("Company or employer")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    LOCAL_PAPER = "local_paper", _("Local paper")
    WEBSITE = "website", _("Our website")
    FORMER_PARTICIPANT = "former_participant", _("Took part before")
    OTHER = "other", _("Other")


class BuddyStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    INTAKE_DONE = "intake_done", _("Intake done")
    AVAILABLE = "available", _("Available")
    MATCHED = "matched", _("Matched")
    INACTIVE = "inactive", _("Inactive")


class BuddySource(models.TextChoices):
    COORDINATOR = "coordinator", _("Added by a coordinator")
    PUBLIC_FORM = "public_form", _("Signed up on the website")
    IMPORT = "import", _("Imported")


class Buddy(IntakeProfile):
    """Intake profile of a volunteer buddy; shares its primary key with the person."""

    Status = BuddyStatus
    Source = BuddySource

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    source = models.CharField(
        _("registered through"), max_length=20, choices=Source.choices, default=Source.COORDINATOR
    )
    profession = models.CharField(_("profession"), max_length=200, blank=True)
    expertise_sectors = models.JSONField(
        _("sectors of expertise"), default=list, blank=True, validators=[validate_sectors]
    )
    expertise = models.TextField(_("expertise and network"), blank=True)
    recruitment_channel = models.CharField(
        _("heard of us through"), max_length=20, choices=RecruitmentChannel.choices, blank=True
    )
    motivation = models.TextField(_("motivation"), blank=True)
    preferences = models.TextField(_("preferences"), blank=True)
    has_children = models.BooleanField(
        _("has children of their own"),
        default=False,
        help_text=_(
            "Helps matching: a family with young children often fits a buddy with a family."
        ),
    )
    max_active_matches = models.PositiveSmallIntegerField(
        _("at most this many matches at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    vog_requested_on = models.DateField(
        _("certificate of conduct requested on"),
        null=True,
        blank=True,
        validators=[validate_not_future],
    )
    vog_received_on = models.DateField(
        _("certificate of conduct received on"),
        null=True,
        blank=True,
        validators=[validate_not_future],
    )
    training_completed_on = models.DateField(
        _("buddy training followed on"), null=True, blank=True, validators=[validate_not_future]
    )
    training_notes = models.TextField(_("training notes"), blank=True)
    confirmation_sent_at = models.DateTimeField(
        _("confirmation e-mail sent at"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("buddy")
        verbose_name_plural = _("buddies")
        indexes = [
            models.Index(fields=["status", "registered_on"], name="buddy_status"),
            models.Index(fields=["registered_on"], name="buddy_registered"),
        ]
        constraints = [
            _in_choices("status", BuddyStatus, "buddy_status_known"),
            _between("max_active_matches", 1, 5, "buddy_max_matches_range"),
            models.CheckConstraint(
                condition=Q(vog_received_on__isnull=True)
                | Q(vog_requested_on__isnull=True)
                | Q(vog_received_on__gte=F("vog_requested_on")),
                name="buddy_vog_received_after_requested",
            ),
            _in_choices(
                "recruitment_channel", RecruitmentChannel, "buddy_channel_known", blank=True
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if (
            self.vog_requested_on
            and self.vog_received_on
            and self.vog_received_on < self.vog_requested_on
        ):
            raise ValidationError(
                {"vog_received_on": _("The certificate cannot arrive before it was requested.")}
            )


class Profile(models.TextChoices):
    NEWCOMER = "newcomer", _("Newcomer")
    BUDDY = "buddy", _("Buddy")


class StatusChange(models.Model):
    """One step in the status workflow of a newcomer or buddy: who, when, why."""

    Profile = Profile

    person = reference(Person, "status_changes", _("person"), on_delete=models.CASCADE)
    profile = models.CharField(_("as"), max_length=10, choices=Profile.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    reason = models.CharField(_("reason"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = user_reference(_("by"))

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person", "at"], name="statuschange_person")]
        constraints = [_in_choices("profile", Profile, "statuschange_profile_known")]

    def __str__(self) -> str:
        return f"{self.profile}: {self.from_status} → {self.to_status}"

    @property
    def status_model(self):
        return Newcomer if self.profile == self.Profile.NEWCOMER else Buddy

    def from_label(self) -> str:
        return str(dict(self.status_model.Status.choices).get(self.from_status, self.from_status))

    def to_label(self) -> str:
        return str(dict(self.status_model.Status.choices).get(self.to_status, self.to_status))

    def reason_label(self) -> str:
        return str(dict(Newcomer.StopReason.choices).get(self.reason, self.reason))


# --- Consent -----------------------------------------------------------------------------------


class ConsentKind(models.TextChoices):
    PROCESSING = "processing", _("Processing of personal data")
    SHARE_WITH_BUDDY = "share_with_buddy", _("Sharing contact details with the buddy")
    PHOTOS = "photos", _("Photos and video")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form")
    VERBAL = "verbal", _("Verbally, during a conversation")
    ONLINE_FORM = "online_form", _("Online form")
    EMAIL = "email", _("By e-mail")


class Consent(models.Model):
    """Permission a person gave, how and to whom, until they withdraw it."""

    Kind = ConsentKind
    Method = ConsentMethod

    person = reference(Person, "consents", _("person"), on_delete=models.CASCADE)
    kind = models.CharField(_("consent for"), max_length=20, choices=Kind.choices)
    given_on = models.DateField(
        _("given on"), default=timezone.localdate, validators=[validate_not_future]
    )
    method = models.CharField(_("recorded how"), max_length=20, choices=Method.choices)
    recorded_by = user_reference(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = user_reference(_("withdrawal recorded by"))
    withdrawal_note = models.TextField(_("note on the withdrawal"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["kind", "-given_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(withdrawn_on__isnull=True),
                name="consent_one_active_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            _in_choices("kind", ConsentKind, "consent_kind_known"),
            _in_choices("method", ConsentMethod, "consent_method_known"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


# --- Assessments --------------------------------------------------------------------------------

HEALTH_DIMENSIONS = (
    ("body", _("Body functions")),
    ("mind", _("Mental wellbeing")),
    ("meaning", _("Meaningfulness")),
    ("quality_of_life", _("Quality of life")),
    ("participation", _("Participation")),
    ("daily_functioning", _("Daily functioning")),
)


def _score(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )


class Moment(models.TextChoices):
    INTAKE = "intake", _("At intake")
    INTERIM = "interim", _("Halfway")
    END = "end", _("At the end")


class HealthAssessment(models.Model):
    """Positieve Gezondheid: six dimensions scored 0 to 10, at intake and at the end."""

    Moment = Moment

    person = reference(Person, "health_assessments", _("person"), on_delete=models.CASCADE)
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    assessed_on = models.DateField(
        _("date"), default=timezone.localdate, validators=[validate_not_future]
    )
    body = _score(_("Body functions"))
    mind = _score(_("Mental wellbeing"))
    meaning = _score(_("Meaningfulness"))
    quality_of_life = _score(_("Quality of life"))
    participation = _score(_("Participation"))
    daily_functioning = _score(_("Daily functioning"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = user_reference(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("health assessment")
        verbose_name_plural = _("health assessments")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            _between(name, 0, 10, f"health_{name}_range") for name, _label in HEALTH_DIMENSIONS
        ] + [_in_choices("moment", Moment, "health_moment_known")]

    def __str__(self) -> str:
        return f"{self.get_moment_display()} {self.assessed_on:%d-%m-%Y}"

    def scores(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, name)) for name, label in HEALTH_DIMENSIONS]

    @property
    def average(self) -> float:
        return round(sum(getattr(self, name) for name, _l in HEALTH_DIMENSIONS) / 6, 1)


class Likert(models.IntegerChoices):
    STRONGLY_DISAGREE = 1, _("Strongly disagree")
    DISAGREE = 2, _("Disagree")
    NEUTRAL = 3, _("Neutral")
    AGREE = 4, _("Agree")
    STRONGLY_AGREE = 5, _("Strongly agree")


EVALUATION_STATEMENTS = (
    ("dutch_improved", _("My Dutch has improved.")),
    ("culture_learned", _("I learned about Dutch culture.")),
    ("more_contacts", _("I have more contacts.")),
    ("more_confident", _("I feel more confident.")),
    ("closer_to_work", _("I am closer to work, an internship or study.")),
)


def _likert(label):
    return models.PositiveSmallIntegerField(label, choices=Likert.choices, null=True, blank=True)


class Evaluation(models.Model):
    """The end-of-programme evaluation: statements on a five-point scale, and free text."""

    person = reference(Person, "evaluations", _("person"), on_delete=models.CASCADE)
    evaluated_on = models.DateField(
        _("date"), default=timezone.localdate, validators=[validate_not_future]
    )
    dutch_improved = _likert(_("My Dutch has improved."))
    culture_learned = _likert(_("I learned about Dutch culture."))
    more_contacts = _likert(_("I have more contacts."))
    more_confident = _likert(_("I feel more confident."))
    closer_to_work = _likert(_("I am closer to work, an internship or study."))
    participation_step = models.PositiveSmallIntegerField(
        _("participation ladder at the end"),
        choices=ParticipationStep.choices,
        null=True,
        blank=True,
    )
    went_well = models.TextField(_("what went well"), blank=True)
    could_improve = models.TextField(_("what could be better"), blank=True)
    recorded_by = user_reference(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_on", "-pk"]
        constraints = [
            _between(name, 1, 5, f"evaluation_{name}_range", nullable=True)
            for name, _label in EVALUATION_STATEMENTS
        ] + [_between("participation_step", 1, 6, "evaluation_ladder_range", nullable=True)]

    def __str__(self) -> str:
        return f"{_('Evaluation')} {self.evaluated_on:%d-%m-%Y}"

    def answers(self) -> list[tuple[str, str]]:
        return [
            (
                label,
                getattr(self, f"get_{name}_display")() if getattr(self, name) else "\N{EN DASH}",
            )
            for name, label in EVALUATION_STATEMENTS
        ]


# --- Imports ------------------------------------------------------------------------------------


class ImportBatch(models.Model):
    """An uploaded spreadsheet between its preview and its commit; deleted once imported."""

    class Kind(models.TextChoices):
        NEWCOMERS = "newcomers", _("Newcomers")
        BUDDIES = "buddies", _("Buddies")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    filename = models.CharField(_("file"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    #: The background job that writes the rows, once the coordinator confirmed the preview.
    job = models.ForeignKey(
        "vvsite.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported = models.PositiveIntegerField(_("imported"), default=0)
    #: The file read once at the upload (``participants.spreadsheets.reading.Table.as_json``).
    table = models.JSONField(default=dict)
    #: Per column of the file: the field it goes to, ``""`` when set aside.
    mapping = models.JSONField(default=dict)
    #: Per referral text no organisation is named by: keep, create (``"new"``) or an
    #: organisation's pk (``participants.spreadsheets.checking``).
    referrals = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename


class ImportMapping(models.Model):
    """How a coordinator mapped the columns of a file, remembered for the next file with the
    same header row."""

    kind = models.CharField(_("kind"), max_length=10, choices=ImportBatch.Kind.choices)
    #: The header row, each name normalised, joined by ``|``.
    header = models.TextField()
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "header"], name="import_mapping_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.header[:60]}"
