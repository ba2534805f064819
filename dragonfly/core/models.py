"""Abstract models every module may build on (no tables of their own)."""

from django.db import models


class ModuleAnchor(models.Model):
    """No table: a module's `Module` model only carries the permission that opens the module for a role.

    class Module(ModuleAnchor):
        class Meta(ModuleAnchor.Meta):
            permissions = [("open_module", "Can open the Events module")]
    """

    class Meta:
        abstract = True
        managed = False
        default_permissions = ()

    def __str__(self):
        return str(self._meta.verbose_name)
