"""Personal data (phone, rates, emergency contact, notes): who sees it, decided once.

The answer is the permission PERSONAL_DATA_PERM on the person: the roles' defaults give it
to Navigator and stronger, to a Deviator for their own team and to everyone for their own
record; Passenger, Ambassador, Merchant and Visitor never get it by role. Pages, the API
serializers and the CSV exports all ask these functions; an applicant's contact and CV the same way.
"""

from .models import PERSONAL_DATA_PERM, Application, Person


def can_see_personal_data(user, person):
    return bool(user and user.is_authenticated and user.has_perm(PERSONAL_DATA_PERM, person))


def personal_data_pks(user, people):
    """The pks among `people` whose personal data `user` may see, in one query."""
    pks = [p.pk for p in people]
    if not pks or not (user and user.is_authenticated):
        return set()
    return set(Person.objects.visible_to(user, PERSONAL_DATA_PERM).filter(pk__in=pks).values_list("pk", flat=True))


def can_see_applicant_data(user, application):
    """An applicant's contact details and CV: the same permission, on the application (a Navigator's
    reach is their department's openings; Deviator, Passenger and crew never)."""
    return bool(user and user.is_authenticated and user.has_perm(PERSONAL_DATA_PERM, application))


def applicant_data_pks(user, applications):
    """The pks among `applications` whose contact details `user` may see, in one query."""
    pks = [a.pk for a in applications]
    if not pks or not (user and user.is_authenticated):
        return set()
    return set(Application.objects.visible_to(user, PERSONAL_DATA_PERM).filter(pk__in=pks).values_list("pk", flat=True))


def redacted(person, allowed):
    """The person's personal fields, or blanks when not allowed (for exports and serializers)."""
    return {f: (getattr(person, f) if allowed else None) for f in Person.PERSONAL_FIELDS}
