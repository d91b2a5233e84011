"""The Reflex app: registers the pages (by importing them), mounts the REST API; nothing else."""

import reflex as rx

from allin_app.accounts import page as _accounts  # noqa: F401
from allin_app.accounts import reconnect_page as _reconnect  # noqa: F401
from allin_app.admin import page as _admin  # noqa: F401
from allin_app.ai import ab_tests_page as _ab_tests  # noqa: F401
from allin_app.analytics import competitors_page as _competitors  # noqa: F401
from allin_app.analytics import page as _analytics  # noqa: F401
from allin_app.analytics import reports_page as _reports  # noqa: F401
from allin_app.analytics import roi_page as _roi  # noqa: F401
from allin_app.api.app import create_api
from allin_app.auth import pages as _auth_pages  # noqa: F401
from allin_app.auth import settings_page as _settings  # noqa: F401
from allin_app.content import composer_page as _composer  # noqa: F401
from allin_app.content import media_page as _media  # noqa: F401
from allin_app.content import page as _content  # noqa: F401
from allin_app.content import templates_page as _templates  # noqa: F401
from allin_app.orgs import brand_page as _brand  # noqa: F401
from allin_app.orgs import clients_page as _clients  # noqa: F401
from allin_app.orgs import invite_page as _invite  # noqa: F401
from allin_app.orgs import page as _team  # noqa: F401
from allin_app.orgs import settings_page as _org_settings  # noqa: F401
from allin_app.scheduling import import_page as _calendar_import  # noqa: F401
from allin_app.scheduling import page as _calendar  # noqa: F401
from allin_app.scheduling import queue_page as _queues  # noqa: F401
from allin_app.scheduling.runner import scheduler_lifespan
from allin_app.workflow import activity_page as _activity  # noqa: F401
from allin_app.workflow import approvals_page as _approvals  # noqa: F401
from allin_app.workflow import chat_page as _chat  # noqa: F401
from allin_app.workflow import notifications_page as _notifications  # noqa: F401
from allin_app.workflow import review_link_page as _review_link  # noqa: F401
from allin_app.workflow import tasks_page as _tasks  # noqa: F401


def index() -> rx.Component:
    return rx.center(rx.spinner(size="3"), height="100vh")


app = rx.App(api_transformer=create_api())
app.register_lifespan_task(scheduler_lifespan)
app.add_page(index, route="/", title="AllIN", on_load=rx.redirect("/dashboard"))
