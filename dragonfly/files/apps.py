from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "dragonfly.files"
    label = "files"
    verbose_name = "Files"
