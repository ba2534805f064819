"""`{% load resources_tags %}`: `amount|money:currency` in the reader's locale (dragonfly.core.formatting)."""

from django import template

from dragonfly.core.formatting import money

register = template.Library()
register.filter("money", money)
