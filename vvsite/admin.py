from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from vvsite import services
from vvsite.models import Job, User, UserRole, WorkerHeartbeat


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1
    fields = ["role", "granted_at"]
    readonly_fields = ["granted_at"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "email", "roles_display", "is_active", "last_login"]
    list_filter = ["is_active", "role_grants__role"]
    search_fields = ["full_name", "email"]
    ordering = ["full_name"]
    fields = ["full_name", "email", "language", "is_active", "date_joined", "last_login"]
    readonly_fields = ["date_joined", "last_login"]
    inlines = [UserRoleInline]
    actions = ["send_invitation"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()  # the owner picks a password through the invitation
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Send an e-mail with a link to choose a password"))
    def send_invitation(self, request, queryset):
        for user in queryset.filter(is_active=True):
            services.user_invite(user=user, by=request.user)
        self.message_user(request, _("The invitations have been sent."), messages.SUCCESS)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_grants")

    @admin.display(description=_("roles"))
    def roles_display(self, user: User) -> str:
        return ", ".join(grant.get_role_display() for grant in user.role_grants.all())


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "task", "status", "progress", "created_by", "created_at"]
    list_filter = ["status", "task"]
    list_select_related = ["created_by"]
    readonly_fields = [field.name for field in Job._meta.fields]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker", "seen_at"]
