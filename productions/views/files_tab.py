"""The Files tab of a production page: the core's files panel for the production (its riders,
plans and permits). Registered in ProductionsConfig.ready() through productions.extensions, which
mounts it at /productions/<pk>/files/."""

from django.shortcuts import render

from dragonfly.files.panel import files_panel
from productions.pages import production_page


def production_files(request, pk):
    production, context = production_page(request, pk, "files")
    context["panel"] = files_panel(request, production)
    return render(request, "productions/production_files.html", context)
