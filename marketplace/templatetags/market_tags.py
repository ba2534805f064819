from django import template

from dragonfly.core.formatting import money

register = template.Library()
register.filter("money", money)
