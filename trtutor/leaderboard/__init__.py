"""Leaderboards across talkers: read Inspect logs, estimate with intervals, compare, write tables and plots."""

from trtutor.leaderboard.curves import NoInteractiveLogsError, read_curves, write_curves
from trtutor.leaderboard.logs import (
    IncompleteLogsError,
    LeaderboardData,
    MixedLogsError,
    NoTalkerLogsError,
    log_files,
    read_logs,
    talker_name,
)
from trtutor.leaderboard.render import write_leaderboard
from trtutor.leaderboard.table import Leaderboard, build_leaderboard, display_table

__all__ = [
    "Leaderboard",
    "LeaderboardData",
    "IncompleteLogsError",
    "MixedLogsError",
    "NoInteractiveLogsError",
    "NoTalkerLogsError",
    "build_leaderboard",
    "display_table",
    "log_files",
    "read_curves",
    "read_logs",
    "talker_name",
    "write_curves",
    "write_leaderboard",
]
