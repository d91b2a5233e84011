"""The analytics domain's pages, registered by importing them: the dashboard (/dashboard) and the
analytics page (/analytics)."""

from allin_app.analytics import analytics_page as _analytics  # noqa: F401
from allin_app.analytics import dashboard_page as _dashboard  # noqa: F401
