"""Community pages: the feed, a post with its thread, a person, one's connections, and moderation.
A view parses input, calls one service, renders."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, filtered, form_action, form_page, paginate, safe_querystring
from dragonfly.files.images import image_response
from dragonfly.tenancy.access import get_access

from . import selectors, services
from .filters import PostFilter
from .forms import CommentForm, ModerationForm, PostForm, ReactionForm, ReportForm
from .models import Block, Comment, Connection, ConnectionStatus, Follow, ReactionKind, Report

FEED_TABS = (("", _("Everything")), ("workspace", _("My workspaces")), ("organization", _("My organization")))


def _post(request, pk):
    return get_object_or_404(selectors.feed(request.user), pk=pk)


def feed(request):
    base = selectors.feed(request.user)
    following = request.GET.get("following") == "1"
    if following:
        base = base.filter(selectors.following_q(request.user))
    filterset, rows, status = filtered(request, base, PostFilter)
    page = paginate(request, rows)
    context = {
        "page": page,
        "filter_form": filterset.form,
        "scope": request.GET.get("scope", ""),
        "following": following,
        "querystring": safe_querystring(request),
        "may_post": bool(get_access(request.user).organization_ids),
    }
    return render(request, "community/feed.html", context, status=status)


def new_post(request):
    workspaces = selectors.speaking_workspaces(request.user)
    form = PostForm(request.POST or None, request.FILES or None, workspaces=workspaces)
    return form_page(
        request,
        form,
        save=lambda data: services.create_post(actor=request.user, **data),
        template="community/post_form.html",
        context={},
        redirect_to=lambda post: reverse("community:post", args=[post.pk]),
        success=_("Your post is up."),
    )


def post_detail(request, pk, comment_form=None, report_form=None, status=200):
    post = _post(request, pk)
    context = {
        "post": post,
        "thread": selectors.thread(post, request.user),
        "reactions": selectors.reaction_counts(post),
        "reaction_kinds": ReactionKind.choices,
        "comment_form": comment_form or CommentForm(),
        "report_form": report_form or ReportForm(),
        "moderation_form": ModerationForm(),
        "moderates": services.moderates(request.user, post),
        "reported": Report.objects.filter(post=post, reporter=request.user).exists(),
    }
    return render(request, "community/post.html", context, status=status)


def post_image(request, pk):
    """A post's image, to whoever may read the post (the media bucket is private: served through here)."""
    post = _post(request, pk)
    if post.image is None:
        raise Http404(_("This post has no image."))
    return image_response(post.image)


def _back(post):
    return reverse("community:post", args=[post.pk])


@require_POST
def delete_post(request, pk):
    post = _post(request, pk)
    return action_page(
        request,
        lambda: services.delete_post(post, actor=request.user),
        redirect_to=reverse("community:feed"),
        success=_("Your post is deleted."),
    )


@require_POST
def react(request, pk):
    post = _post(request, pk)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        return post_detail(request, pk, status=400)
    return action_page(
        request,
        lambda: services.react(post, actor=request.user, kind=form.cleaned_data["kind"]),
        redirect_to=_back(post),
    )


@require_POST
def unreact(request, pk):
    post = _post(request, pk)
    return action_page(request, lambda: services.unreact(post, actor=request.user), redirect_to=_back(post))


@require_POST
def comment(request, pk):
    post = _post(request, pk)

    def save(data):
        parent = None
        if data.get("parent"):
            parent = get_object_or_404(Comment.objects.visible_to(request.user), pk=data["parent"])
        return services.add_comment(post, actor=request.user, body=data["body"], parent=parent)

    return form_action(
        request,
        CommentForm(request.POST),
        save=save,
        redisplay=lambda form, status: post_detail(request, pk, comment_form=form, status=status),
        redirect_to=_back(post),
        success=_("Comment added."),
        refusal_field="body",
    )


@require_POST
def delete_comment(request, pk):
    found = get_object_or_404(Comment.objects.visible_to(request.user).select_related("post"), pk=pk)
    return action_page(
        request,
        lambda: services.delete_comment(found, actor=request.user),
        redirect_to=_back(found.post),
        success=_("Comment deleted."),
    )


@require_POST
def report(request, pk):
    post = _post(request, pk)
    return form_action(
        request,
        ReportForm(request.POST),
        save=lambda data: services.report_post(post, actor=request.user, reason=data["reason"]),
        redisplay=lambda form, status: post_detail(request, pk, report_form=form, status=status),
        redirect_to=_back(post),
        success=_("Thank you: the moderators will look at this post."),
        refusal_field="reason",
    )


def _moderation(service, success):
    @require_POST
    def view(request, pk):
        post = _post(request, pk)
        services._require_moderator(request.user, post)
        note = request.POST.get("note", "")
        return action_page(
            request,
            lambda: service(post, actor=request.user, note=note),
            redirect_to=_back(post),
            success=success,
        )

    return view


hide_post = _moderation(services.hide_post, _("The post is hidden."))
remove_post = _moderation(services.remove_post, _("The post is removed."))
restore_post = _moderation(services.restore_post, _("The post is restored."))


# --- people and connections -----------------------------------------------------------------------
def _person(request, user_id):
    return get_object_or_404(selectors.reachable_people(request.user), pk=user_id)


def person(request, user_id):
    person = _person(request, user_id)
    me = request.user
    posts = paginate(request, selectors.feed(me).filter(author=person))
    context = {
        "person": person,
        "page": posts,
        "is_me": person.pk == me.pk,
        "follows": Follow.objects.filter(follower=me, user=person).exists(),
        "connection": Connection.objects.between(me, person).first(),
        "blocked": Block.objects.filter(blocker=me, blocked=person).exists(),
        "querystring": safe_querystring(request),
    }
    return render(request, "community/person.html", context)


def _person_action(service, success):
    @require_POST
    def view(request, user_id):
        target = _person(request, user_id)
        return action_page(
            request,
            lambda: service(target, actor=request.user),
            redirect_to=reverse("community:person", args=[target.pk]),
            success=success,
        )

    return view


follow_person = _person_action(services.follow, _("You follow them now."))
unfollow_person = _person_action(services.unfollow, _("You no longer follow them."))
connect = _person_action(services.request_connection, _("Connection request sent."))
block_person = _person_action(services.block, _("Blocked: you no longer see each other in the community."))


@require_POST
def unblock_person(request, user_id):
    # A person one blocked stays reachable to unblock (the block is the blocker's own row).
    target = get_object_or_404(Block.objects.visible_to(request.user).select_related("blocked"), blocked=user_id)
    return action_page(
        request,
        lambda: services.unblock(target.blocked, actor=request.user),
        redirect_to=reverse("community:connections"),
        success=_("Unblocked."),
    )


def _organization_action(service, success):
    @require_POST
    def view(request, org_id):
        organization = get_object_or_404(selectors.reachable_organizations(request.user), pk=org_id)
        return action_page(
            request,
            lambda: service(organization, actor=request.user),
            redirect_to=reverse("community:feed"),
            success=success,
        )

    return view


follow_organization = _organization_action(services.follow, _("You follow the organization now."))
unfollow_organization = _organization_action(services.unfollow, _("You no longer follow the organization."))


def connections(request):
    me = request.user
    rows = Connection.objects.visible_to(me).select_related("requester", "addressee")
    context = {
        "connected": [c for c in rows if c.status == ConnectionStatus.ACCEPTED],
        "incoming": [c for c in rows if c.status == ConnectionStatus.PENDING and c.addressee_id == me.pk],
        "outgoing": [c for c in rows if c.status == ConnectionStatus.PENDING and c.requester_id == me.pk],
        "follows": Follow.objects.visible_to(me).filter(follower=me).select_related("user", "organization"),
        "blocks": Block.objects.visible_to(me).select_related("blocked"),
    }
    return render(request, "community/connections.html", context)


def _connection_action(service, success):
    @require_POST
    def view(request, pk):
        found = get_object_or_404(Connection.objects.visible_to(request.user), pk=pk)
        return action_page(
            request,
            lambda: service(found, actor=request.user),
            redirect_to=reverse("community:connections"),
            success=success,
        )

    return view


accept_connection = _connection_action(services.accept_connection, _("You are connected now."))
decline_connection = _connection_action(services.decline_connection, _("Request declined."))
remove_connection = _connection_action(services.remove_connection, _("Connection removed."))


# --- moderation -----------------------------------------------------------------------------------
def moderation(request):
    """Open reports and the audit of moderator actions, for the organization's admins."""
    access = get_access(request.user)
    if not (access.is_platform_admin or access.admin_organization_ids):
        raise PermissionDenied(_("Only the organization's admins moderate the community."))
    reports = (
        Report.objects.visible_to(request.user)
        .filter(resolved=False, post__organization_id__in=selectors.moderated_organization_ids(request.user))
        .select_related("post", "post__author", "reporter")
    )
    audit = selectors.moderation_audit(request.user).select_related("actor")
    return render(
        request,
        "community/moderation.html",
        {"reports": reports[:100], "page": paginate(request, audit), "querystring": safe_querystring(request)},
    )
