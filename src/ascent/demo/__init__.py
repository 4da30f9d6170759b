"""The demo programme: deterministic real-format exports for a dozen invented sellers.

``build_demo`` writes them; the ``linkedin_writer`` functions are also the test suite's
fixture factory for small, byte-exact 2026 LinkedIn exports.
"""

from ascent.demo.generator import DemoEntry, DemoManifest, build_demo, simulate_persona
from ascent.demo.linkedin_rows import (
    Comment,
    Connection,
    Invitation,
    LinkedInExport,
    Message,
    Position,
    Profile,
    Reaction,
    Share,
)
from ascent.demo.linkedin_writer import (
    write_comments,
    write_connections,
    write_export_folder,
    write_export_zip,
    write_invitations,
    write_messages,
    write_profile,
    write_reactions,
    write_shares,
)
from ascent.demo.outcomes import OutcomeRow, write_outcomes
from ascent.demo.personas import PERSONA_BY_KEY, PERSONAS, TARGET_ACCOUNTS, TEAMS, Persona

__all__ = [
    "PERSONAS",
    "PERSONA_BY_KEY",
    "TARGET_ACCOUNTS",
    "TEAMS",
    "Comment",
    "Connection",
    "DemoEntry",
    "DemoManifest",
    "Invitation",
    "LinkedInExport",
    "Message",
    "OutcomeRow",
    "Persona",
    "Position",
    "Profile",
    "Reaction",
    "Share",
    "build_demo",
    "simulate_persona",
    "write_comments",
    "write_connections",
    "write_export_folder",
    "write_export_zip",
    "write_invitations",
    "write_messages",
    "write_outcomes",
    "write_profile",
    "write_reactions",
    "write_shares",
]
