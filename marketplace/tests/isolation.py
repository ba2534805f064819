"""Marketplace rows of organization A for the project-wide isolation walk: a draft listing with a photo
and an order between two of A's workspaces, all named "Zebra Secret …". (Published listings are
everyone's to read, so none is made here.)"""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_workspace
from marketplace import services


def make_secret_objects(tenant):
    gladiator = tenant.user(Role.GLADIATOR)
    draft = services.create_listing(
        actor=gladiator,
        workspace=tenant.workspace,
        title="Zebra Secret spare truss",
        description="Zebra Secret warehouse shelf",
        price=Decimal("10.00"),
        stock=2,
        status="draft",
    )
    photo = services.add_photo(
        draft,
        actor=gladiator,
        upload=SimpleUploadedFile("zebra-secret-truss.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    )
    # An order between two of A's workspaces (the org admin acts for both sides).
    phantom = tenant.user(Role.PHANTOM)
    depot = make_workspace(tenant.org, f"{tenant.workspace.name} depot")
    offered = services.create_listing(
        actor=phantom,
        workspace=depot,
        title="Zebra Secret internal offer",
        price=Decimal("5.00"),
        stock=3,
        status="published",
    )
    order = services.buy(offered, actor=phantom, buyer_workspace=tenant.workspace, note="Zebra Secret delivery")
    services.update_listing(offered, actor=phantom, status="withdrawn")
    return {"draft_listing": draft, "draft_photo": photo, "order": order, "withdrawn_listing": offered}
