"""TRTutor: an evaluation harness for Socratic math tutors with a talker-reasoner design."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("trtutor")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
