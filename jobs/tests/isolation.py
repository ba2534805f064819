"""Jobs rows for the project-wide isolation walk (dragonfly/core/tests/test_isolation.py): all named
"Zebra Secret …". The posting is not public (a public one is meant for every organization); the
public request for proposals was taken off the board, so it is private again."""

from dragonfly.tenancy.roles import Role
from jobs import services

from .helpers import make_contract, make_freelancer, make_posting, sign
from .rfp_helpers import public_request


def make_secret_objects(tenant):
    posting = make_posting(tenant, title="Zebra Secret Rigger", place="Zebra Secret Arena", public=False)
    person = make_freelancer(tenant, first_name="Zebra Secret", last_name="Freelancer")
    contract = make_contract(tenant, title="Zebra Secret Contract", person=person, scope="Zebra Secret scope")
    signed = sign(make_contract(tenant, title="Zebra Secret Signed", person=person), tenant)
    services.close_posting(
        make_posting(tenant, title="Zebra Secret Closed", public=False), actor=tenant.user(Role.GLADIATOR)
    )
    listing, _rider, _budget = public_request(tenant, title="Zebra Secret PA request")
    services.withdraw_rfp(listing, actor=tenant.user(Role.GLADIATOR))
    return {"posting": posting, "contract": contract, "signed_contract": signed, "public_rfp": listing}
