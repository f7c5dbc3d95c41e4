"""Leaderboards across talkers: read Inspect logs, estimate with intervals, compare, write tables and plots."""

from trtutor.leaderboard.logs import LeaderboardData, MixedLogsError, read_logs, talker_name
from trtutor.leaderboard.render import write_leaderboard
from trtutor.leaderboard.table import Leaderboard, build_leaderboard, display_table

__all__ = [
    "Leaderboard",
    "LeaderboardData",
    "MixedLogsError",
    "build_leaderboard",
    "display_table",
    "read_logs",
    "talker_name",
    "write_leaderboard",
]
