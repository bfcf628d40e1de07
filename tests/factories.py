"""Factories for the foundation's models. Apps keep theirs in tests/<app>/factories.py."""

import factory
from django.conf import settings
from django.core.files.base import ContentFile
from zeal import zeal_ignore

from vvsite.documents.models import Document
from vvsite.documents.services import TASK as RENDER_TASK
from vvsite.models import Job, Role, User, UserRole

PASSWORD = "correct-horse-battery"


def looked_up(model, **lookup):
    """A row the test set-up finds by a natural key, once per object it builds: set-up, not an
    N+1 of the application's, so zeal lets it pass."""
    with zeal_ignore([{"model": model._meta.label, "field": "get()"}]):
        return model.objects.get(**lookup)


class LookedUpFactory(factory.django.DjangoModelFactory):
    """A factory with ``django_get_or_create``: its get() per object is set-up (see looked_up)."""

    class Meta:
        abstract = True

    @classmethod
    def _get_or_create(cls, model_class, *args, **kwargs):
        with zeal_ignore([{"model": model_class._meta.label, "field": "get()"}]):
            return super()._get_or_create(model_class, *args, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    language = settings.LANGUAGE_CODE
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            UserRole.objects.create(user=self, role=Role(role))
        self.__dict__.pop("roles", None)  # forget a cached empty role set


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    task = "vvsite.tasks.diagnostic"
    kwargs = factory.LazyFunction(lambda: {"steps": 1, "pause": 0})


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    kind = "annual_report"
    parameters = factory.Sequence(lambda n: {"year": 2000 + n})
    job = factory.SubFactory(JobFactory, task=RENDER_TASK)


class ReadyDocumentFactory(DocumentFactory):
    """A rendered document with its file on the (test) storage."""

    job = factory.SubFactory(JobFactory, task=RENDER_TASK, status="done")
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.7 test", name="document.pdf"))
    filename = "jaarverslag-2024.pdf"
    content_type = "application/pdf"
    size = 13
