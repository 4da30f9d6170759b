"""The demo programme's cast: one invented seller per journey the design cares about (DESIGN §8).

Each persona names the phase the demo is built to show, so a test (or a curious lead) can
check that phase detection finds what the generator meant. Names, e-mails and companies are
invented; ``@demo.example`` and ``… Example …`` make that obvious.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ascent.domain.vocabulary import Phase

#: the demo shows every phase
PHASES: Final = tuple(Phase)

TEAM_NORTH: Final = "Team North"
TEAM_SOUTH: Final = "Team South"
TEAMS: Final = (TEAM_NORTH, TEAM_SOUTH)

#: six target accounts per team: the one-account wonder needs "one key account and five others"
TARGET_ACCOUNTS: Final[dict[str, tuple[str, ...]]] = {
    TEAM_NORTH: (
        "Acme Example Ltd",
        "Globex Example",
        "Initech Example",
        "Umbrella Example plc",
        "Stark Example Industries",
        "Wayne Example Enterprises",
    ),
    TEAM_SOUTH: (
        "Hooli Example",
        "Vandelay Example Imports",
        "Soylent Example Corp",
        "Tyrell Example Corp",
        "Cyberdyne Example Systems",
        "Wonka Example Industries",
    ),
}

#: companies nobody targets: the old network and the control group for uplift
OTHER_ACCOUNTS: Final = (
    "Contoso Example",
    "Fabrikam Example",
    "Northwind Example Traders",
    "Example Partners, Inc.",
    "Sample Analytics GmbH",
    "Demo Logistics BV",
    "Placeholder Foods",
    " -",
)


@dataclass(frozen=True, slots=True)
class Persona:
    """One demo seller: who they are and the phase their generated history should show."""

    key: str
    name: str
    email: str
    team: str
    description: str
    intended_phase: Phase
    role: str = "seller"

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0]

    @property
    def last_name(self) -> str:
        return self.name.split(" ", 1)[1]

    @property
    def profile_url(self) -> str:
        """The owner's LinkedIn URL, as it appears in messages and invitations."""
        return "https://www.linkedin.com/in/" + self.name.lower().replace(" ", "-") + "-demo"

    @property
    def target_accounts(self) -> tuple[str, ...]:
        return TARGET_ACCOUNTS[self.team]


def _p(
    key: str, name: str, team: str, phase: Phase, description: str, *, role: str = "seller"
) -> Persona:
    email = name.lower().replace(" ", ".").replace("-", "") + "@demo.example"
    return Persona(key, name, email, team, description, phase, role)


#: the persona who has not begun is keyed by the phase they show
NOT_STARTED_KEY: Final = Phase.NOT_STARTED.value

PERSONAS: Final[tuple[Persona, ...]] = (
    _p(
        "steady",
        "Sam Steady",
        TEAM_NORTH,
        Phase.SUCCESS,
        "Publishes, engages and messages most working days; prospects answer after 5-7 touches "
        "and meetings and deals follow in several accounts.",
    ),
    _p(
        "quitter",
        "Quinn Quitter",
        TEAM_NORTH,
        Phase.LAPSED,
        "Starts with a burst, fades when nothing comes back, grinds a little in the valley and "
        "stops altogether five weeks before the end.",
    ),
    _p(
        "wonder",
        "Wanda Wonder",
        TEAM_NORTH,
        Phase.INFORMED_OPTIMISM,
        "The source story: outcomes in Acme, her key account, jump to about 3.5 times their "
        "rate before her start within six weeks; few touches and nothing in her other five "
        "target accounts, and her effort slips over the last eight weeks.",
    ),
    _p(
        "pusher",
        "Pat Pusher",
        TEAM_NORTH,
        Phase.VALLEY_OF_DESPAIR,
        "Posts every single day and never comments, reacts or messages anyone: all push, no "
        "listening.",
    ),
    _p(
        "grinder",
        "Val Grinder",
        TEAM_NORTH,
        Phase.INFORMED_OPTIMISM,
        "Keeps the routine through a long valley with no answers; the first answers and the "
        "first outcome arrive only in the last three weeks.",
    ),
    _p(
        "lead_north",
        "Lee Leader",
        TEAM_NORTH,
        Phase.INFORMED_OPTIMISM,
        "Team lead who does a little: posts now and then, a few touches on a third of the "
        "working days, a handful of meetings.",
        role="lead",
    ),
    _p(
        "connector",
        "Cora Connector",
        TEAM_NORTH,
        Phase.INFORMED_OPTIMISM,
        "Sends many invitations into target accounts and follows up on some; works about half "
        "the working days, gets a referral and a meeting.",
    ),
    _p(
        "steady_south",
        "Stella Constant",
        TEAM_SOUTH,
        Phase.SUCCESS,
        "A second steady seller: daily routine, answers after 5-7 touches, outcomes in several "
        "accounts including a lost deal.",
    ),
    _p(
        "under",
        "Uma Under",
        TEAM_SOUTH,
        Phase.VALLEY_OF_DESPAIR,
        "Keeps starting conversations but stops after one or two touches, so nobody ever answers.",
    ),
    _p(
        "over",
        "Otto Over",
        TEAM_SOUTH,
        Phase.VALLEY_OF_DESPAIR,
        "Sends ten messages to every prospect and never gets an answer.",
    ),
    _p(
        "newcomer",
        "Nia Newcomer",
        TEAM_SOUTH,
        Phase.UNINFORMED_OPTIMISM,
        "Joined the programme ten days before the end: full of energy, no outcomes yet; an old "
        "network from years ago.",
    ),
    _p(
        "listener",
        "Lena Listener",
        TEAM_SOUTH,
        Phase.INFORMED_OPTIMISM,
        "Comments and reacts a lot, rarely posts, converses with a few prospects; one meeting in "
        "one account. Her export has an extra top folder, as re-downloaded ZIPs do.",
    ),
    _p(
        "doubter",
        "Dana Doubt",
        TEAM_SOUTH,
        Phase.INFORMED_PESSIMISM,
        "Started six weeks before the end; after three good weeks the effort fell to less than "
        "half and nothing has come back yet.",
    ),
    _p(
        NOT_STARTED_KEY,
        "Noah Notyet",
        TEAM_SOUTH,
        Phase.NOT_STARTED,
        "Enrolled but has not begun: the export holds only an old network and a profile.",
    ),
)

PERSONA_BY_KEY: Final[dict[str, Persona]] = {p.key: p for p in PERSONAS}
