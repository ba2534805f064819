"""The template and roll-over links the advancing pages show, each only to who may follow it."""

from django import template

register = template.Library()


@register.inclusion_tag("advancing/templates/_advance_links.html", takes_context=True)
def advance_template_links(context, advance):
    """On an advance's page: save it as a template, start a new advance like it."""
    from advancing.templating import may_keep_templates

    user = context["request"].user
    return {
        "advance": advance,
        "can_save": may_keep_templates(user, advance.workspace),
        "can_repeat": user.has_perm("advancing.add_advance", advance.workspace),
    }


@register.inclusion_tag("advancing/templates/_home_links.html", takes_context=True)
def workspace_template_links(context, workspace):
    """On a workspace's advances: the templates, and rolling the workspace's advances over."""
    user = context["request"].user
    return {"workspace": workspace, "can_roll_over": user.has_perm("advancing.view_advance", workspace)}
