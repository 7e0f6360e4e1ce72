"""One screen per file."""

from tui.screens.checkins import CheckInScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.enterprise_card import EnterpriseCardScreen
from tui.screens.enterprises import EnterpriseListScreen
from tui.screens.help import HelpScreen
from tui.screens.shortages import ShortageListScreen

__all__ = [
    "CheckInScreen",
    "DashboardScreen",
    "EnterpriseCardScreen",
    "EnterpriseListScreen",
    "HelpScreen",
    "ShortageListScreen",
]
