"""Forms of the jobs pages: they parse input; jobs.services decides the rules. Choices are narrowed
to the workspace's rows the user may see, so a form cannot point at another organization's rows."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from dragonfly.files.models import Document
from dragonfly.tenancy.models import Workspace
from finance.forms_bids import BidForm
from finance.models import Company
from people.models import CertificationKind, Person
from productions.models import Production

from .models import RateUnit


def _visible(model, user, workspace):
    return (
        model.objects.visible_to(user)
        .filter(workspace=workspace)
        .order_by("name" if model is not Person else "last_name", "id")
    )


class _TermsForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    production = forms.ModelChoiceField(queryset=Production.objects.none(), required=False, label=_("Production"))
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(required=False, label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    rate_unit = forms.ChoiceField(choices=RateUnit.choices, initial=RateUnit.DAY, label=_("Rate unit"))
    currency = forms.CharField(max_length=3, required=False, label=_("Currency"), help_text=_("e.g. EUR"))

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["production"].queryset = _visible(Production, user, workspace)
        self.fields["currency"].initial = workspace.organization.currency


class PostingForm(_TermsForm):
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label=_("Description"))
    place = forms.CharField(max_length=200, required=False, label=_("Place"))
    rate = forms.DecimalField(max_digits=10, decimal_places=2, required=False, min_value=0, label=_("Rate"))
    certifications = forms.MultipleChoiceField(
        choices=CertificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Required certifications"),
    )
    public = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Public"),
        help_text=_("Shown on the job board to signed-in users of every organization."),
    )


class ContractForm(_TermsForm):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, label=_("Freelancer"))
    company = forms.ModelChoiceField(queryset=Company.objects.none(), required=False, label=_("Company"))
    scope = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label=_("Scope"))
    rate = forms.DecimalField(max_digits=10, decimal_places=2, min_value=0, label=_("Rate"))

    field_order = ["title", "person", "company", "production", "scope", "starts_on", "ends_on", "rate"]

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, user=user, workspace=workspace, **kwargs)
        self.fields["person"].queryset = _visible(Person, user, workspace)
        self.fields["company"].queryset = _visible(Company, user, workspace)


class ApplyForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Note to the hiring team"),
        help_text=_("Your experience and certificates; they see your name and email."),
    )


class DocumentForm(forms.Form):
    upload = forms.FileField(label=_("Signed document"), help_text=_("A PDF or an office document."))


class InvoiceTimeForm(forms.Form):
    exchange_rate = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=6,
        label=_("Exchange rate"),
        help_text=_("How much of the organization's currency one unit of the contract's currency is worth."),
    )


class MoveForm(forms.Form):
    note = forms.CharField(required=False, max_length=2000, label=_("Note"))


class PublishRfpForm(forms.Form):
    """Publish a request for quote for every organization: the scope they read, the documents they get."""

    scope = forms.CharField(
        label=_("Public scope"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Every organization reads this: write it for them (the request's description stays internal)."),
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Shareable documents"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the documents ticked here can be downloaded by other organizations."),
    )

    def __init__(self, *args, rfq, **kwargs):
        super().__init__(*args, **kwargs)
        ct = ContentType.objects.get_for_model(type(rfq))
        self.fields["documents"].queryset = Document.objects.filter(content_type=ct, object_id=str(rfq.pk)).order_by(
            "title", "pk"
        )


class _BiddingWorkspace(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organization.name} · {obj.name}"


class PublicBidForm(BidForm):
    """A bid on a public request: a price per line, for one of the bidder's own workspaces."""

    workspace = _BiddingWorkspace(label=_("Bid for"), queryset=Workspace.objects.none())

    def __init__(self, *args, rfq, lines, workspaces, **kwargs):
        super().__init__(*args, rfq=rfq, lines=lines, merchant=True, **kwargs)
        del self.fields["document"]  # a quote file would land in the requester's storage: not offered
        self.fields["workspace"].queryset = Workspace.objects.filter(pk__in=[w.pk for w in workspaces]).select_related(
            "organization"
        )
        self.order_fields(["workspace", *self.fields])
