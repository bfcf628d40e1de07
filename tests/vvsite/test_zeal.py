"""django-zeal is on for every test: a loop that loads a relation per row fails."""

import pytest
from zeal import NPlusOneError
from zeal.middleware import zeal_middleware

from participants.models import Newcomer
from tests.participants.factories import NewcomerFactory

pytestmark = pytest.mark.django_db


def test_an_n_plus_one_loop_over_a_queryset_fails_the_test():
    NewcomerFactory.create_batch(3)
    with pytest.raises(NPlusOneError, match=r"participants\.Newcomer\.person"):
        [newcomer.person.family_name for newcomer in Newcomer.objects.all()]


def test_the_same_loop_with_select_related_passes():
    NewcomerFactory.create_batch(3)
    names = [n.person.family_name for n in Newcomer.objects.select_related("person")]
    assert len(names) == 3


def test_an_n_plus_one_in_a_request_fails_too(rf):
    NewcomerFactory.create_batch(3)

    def view(request):
        return [newcomer.person.pk for newcomer in Newcomer.objects.all()]

    with pytest.raises(NPlusOneError):
        zeal_middleware(view)(rf.get("/"))
