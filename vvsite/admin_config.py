from django.contrib.admin.apps import AdminConfig


class AdminAppConfig(AdminConfig):
    """The Django admin, with the site that only administrators may enter."""

    default_site = "vvsite.admin_site.AdminSite"
