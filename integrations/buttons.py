"""A card's button on /integrations/ (test, disconnect, push, remove): one service, then the page again
with what happened, or the refusal. Its own module: the cards' views and the page's view both use it."""

from django.urls import reverse

from dragonfly.core.pages import action_page


def back_on_the_page(request, call, success):
    return action_page(request, call, redirect_to=reverse("integrations:connections"), success=success)
