from django.db import models


class Module(models.Model):
    """No table: carries the permission that opens the Finance module for a role."""

    class Meta:
        app_label = "finance"
        managed = False
        default_permissions = ()
        permissions = [("open_module", "Can open the Finance module")]

    def __str__(self):
        return str(self._meta.verbose_name)
