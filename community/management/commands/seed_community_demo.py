"""Demo community: workspace, organization and public posts by the demo logins, with comments (a
thread), reactions, a connection and a request, follows, and a report a moderator acted on. Made through
the community services, each login acting for themself. Run by seed_demo; safe to run twice."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from community import services
from community.models import Connection, Follow, Post, Reaction, Report
from dragonfly.tenancy.models import Organization, Workspace

# (organization slug, author role, scope, workspace slug or "", text, link)
POSTS = [
    (
        "northstar",
        "gladiator",
        "workspace",
        "aurora-tour",
        "Load-in moves to 07:00 tomorrow. @northstar-deviator please brief the local crew at the dock.",
        "",
    ),
    ("northstar", "raider", "workspace", "aurora-tour", "Spare gaffer tape is in the blue case behind stage left.", ""),
    (
        "northstar",
        "phantom",
        "organization",
        "",
        "Welcome to our three new crew chiefs joining for the spring season!",
        "",
    ),
    (
        "northstar",
        "gladiator",
        "public",
        "",
        "We are hiring riggers for the Aurora tour's European leg. Come and say hello at the trade fair.",
        "https://example.com/aurora-crew",
    ),
    (
        "bluewave",
        "gladiator",
        "public",
        "",
        "Summit 2027 site build starts in six weeks: looking for local crews and suppliers.",
        "",
    ),
    ("bluewave", "aviator", "organization", "", "Budget reviews for Summit are done: thanks everyone.", ""),
]


class Command(BaseCommand):
    help = "Load demo community posts, comments, reactions, connections and follows (run by seed_demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = {u.username: u for u in get_user_model().objects.filter(username__contains="-")}
        orgs = {o.slug: o for o in Organization.objects.filter(slug__in=["northstar", "bluewave"])}
        if len(orgs) < 2:
            self.stdout.write("No demo organizations: run seed_demo first.")
            return
        made, posts = 0, []
        for org_slug, role, scope, ws_slug, text, link in POSTS:
            author = users.get(f"{org_slug}-{role}")
            workspace = Workspace.objects.filter(organization=orgs[org_slug], slug=ws_slug).first() if ws_slug else None
            if author is None or (ws_slug and workspace is None):
                continue
            post = Post.objects.filter(author=author, body=text).first()
            if post is None:
                post = services.create_post(
                    actor=author, body=text, scope=scope, workspace=workspace, organization=orgs[org_slug], link=link
                )
                made += 1
            posts.append(post)
        made += self.conversation(users, posts)
        made += self.network(users, orgs)
        self.stdout.write(self.style.SUCCESS(f"{made} demo community post(s), comments and connections added."))

    def conversation(self, users, posts):
        made = 0
        if len(posts) < 4:
            return made
        load_in, _tape, welcome, hiring = posts[:4]
        deviator, raider = users.get("northstar-deviator"), users.get("northstar-raider")
        navigator, blue = users.get("northstar-navigator"), users.get("bluewave-gladiator")
        if deviator and not load_in.comments.exists():
            first = services.add_comment(load_in, actor=deviator, body="On it: crew call at 06:30 at the dock.")
            if raider:
                services.add_comment(load_in, actor=raider, body="I'll bring the coffee.", parent=first)
            made += 2
        for post, user, kind in ((welcome, navigator, "applaud"), (hiring, blue, "like"), (load_in, raider, "like")):
            if user and not Reaction.objects.filter(post=post, user=user).exists():
                services.react(post, actor=user, kind=kind)
                made += 1
        if blue and not hiring.comments.filter(author=blue).exists():
            services.add_comment(hiring, actor=blue, body="Our riggers are free in May: let's talk.")
            made += 1
        return made

    def network(self, users, orgs):
        made = 0
        pairs = [("northstar-navigator", "bluewave-navigator", True), ("northstar-raider", "northstar-deviator", False)]
        for a, b, accept in pairs:
            one, two = users.get(a), users.get(b)
            if one and two and not Connection.objects.between(one, two).exists():
                connection = services.request_connection(two, actor=one)
                if accept:
                    services.accept_connection(connection, actor=two)
                made += 1
        phantom = users.get("bluewave-phantom")
        if phantom and not Follow.objects.filter(follower=phantom, organization=orgs["northstar"]).exists():
            services.follow(orgs["northstar"], actor=phantom)
            made += 1
        spam = Post.objects.filter(author=users.get("bluewave-aviator")).first()
        reporter, moderator = users.get("bluewave-raider"), users.get("bluewave-phantom")
        if spam and reporter and moderator and not Report.objects.filter(post=spam).exists():
            services.report_post(spam, actor=reporter, reason="Figures from an internal review; should this be shared?")
            services.hide_post(spam, actor=moderator, note="Hidden until finance confirms.")
            services.restore_post(spam, actor=moderator, note="Finance confirmed: fine to share.")
            made += 1
        return made
