"""Invented wording for generated posts, comments and messages.

Two voices on purpose: customer-focused posts (questions, the buyer's problem) and
self-focused ones (announcements, "we"), so the content coach has something to tell apart.
Some texts hold line breaks, commas and quotes, because the real files' quirks live there.
"""

from __future__ import annotations

import random
from typing import Final

CUSTOMER_POSTS: Final = (
    "What is the one question your finance team always asks before approving a new tool?",
    "Three signs your onboarding is losing customers in week one:\n\n1. Nobody owns it\n"
    "2. The checklist is longer than the contract\n3. Success is measured in logins",
    "Most buyers have done 70% of their research before they talk to a seller. "
    "What did you read before your last big purchase?",
    "A customer told me last week: \"I don't need another dashboard, I need one decision a "
    'day."\n\nThat stuck with me.',
    "If your team spends Friday afternoons reconciling spreadsheets, you are not alone. "
    "How do you handle it?",
    "Procurement, IT and the budget owner want three different things.\nWho do you convince first?",
    "The best discovery call I had this month was 80% listening. Here is what I learned.",
    "Which report would you stop producing tomorrow if nobody noticed?",
)
SELF_POSTS: Final = (
    "We are proud to announce our new release!",
    "Excited to share that our team has been shortlisted for another award.",
    "Our product now has 12 new features. Book a demo today!",
    "Another great week at the office, thanks team!\n\n#teamwork #growth",
    "We just launched our spring campaign. Check it out!",
    "Proud of what we built this quarter. More to come, stay tuned.",
)
#: more of each voice, drawn from a stream of their own (``demo.posts``) so that the routine's
#: random stream, and with it every persona's history, stays as it was
MORE_CUSTOMER_POSTS: Final = (
    "You close the month on day 9. Your CFO wants day 3. What would you cut first?",
    "Your team is not slow. Your month-end checklist has 140 steps and nobody owns 30 of "
    "them.\n\nWhich step would you delete today?",
    "Ever had a board meeting where the numbers in two decks did not match? How did you "
    "explain it?",
    "If you run operations in a team of five, you are also its analyst, its trainer and its "
    "help desk. Which of those hats would you give away?",
    "Your customers do not churn in month twelve. They decide in week one.\n\nWhat do you "
    "check in a new customer's first week?",
    "A question for finance leaders: how many of your reports does anyone read twice?",
    "You asked us last month how other teams forecast cash weekly. Three of you answered; "
    "here is what you taught me.",
    "What would change for your team if the monthly report took one hour instead of three days?",
)
MORE_SELF_POSTS: Final = (
    "We are thrilled to announce our partnership with a leading analytics vendor!",
    "Our award-winning platform just got even better. Request your free trial now!",
    "Proud to share that we closed our biggest quarter ever. Thank you team!",
    "We are hiring! Join our amazing team and help us build the future of reporting.",
    "Our CEO will be speaking at the Finance Leaders Summit next week. Come say hi at our booth!",
    "Big news: our new AI-powered dashboard is live. We are so excited!",
)
#: every post of each voice, as ``demo.posts`` draws them
CUSTOMER_VOICE: Final = CUSTOMER_POSTS + MORE_CUSTOMER_POSTS
SELF_VOICE: Final = SELF_POSTS + MORE_SELF_POSTS
COMMENTS: Final = (
    "Great point, thanks for sharing.",
    "This matches what we see with customers, especially in finance teams.",
    "Interesting. How did you measure it?",
    'Couldn\'t agree more: "less but better" is underrated.',
    "Thanks for this!\nSaving it for our next team meeting.",
    "Congratulations, well deserved!",
    "Which of the three was hardest to fix?",
    'Love the "one decision a day" framing, stealing it.',
    "We tried this last year, and the second step was the hard one.",
)
OPENERS: Final = (
    "Hi {first}, thanks for connecting. I noticed {account} is growing its team; "
    "how are you handling onboarding at that pace?",
    "Hi {first},\n\nI read your post on reporting last week. Would a short comparison of how "
    "three similar teams solved it be useful?",
    "Hi {first}, a quick question: what is the one report at {account} you would happily "
    "never build again?",
)
FOLLOW_UPS: Final = (
    "Hi {first}, just bringing this back to the top of your inbox.",
    "Hi {first}, I put together a one-page summary of what similar teams did. Want it?",
    "{first}, is this something on your radar this quarter, or should I check back later?",
    "Hi {first},\nNo worries if the timing is wrong. A yes or no would help me a lot.",
    "Hi {first}, one more idea that might help {account}: a 15-minute walkthrough.",
    "Hi {first}, I will stop here unless it is useful. Thanks for reading!",
)
ANSWERS: Final = (
    "Hi {owner}, thanks for persisting. Yes, let's talk. Does Tuesday work?",
    "Hi {owner},\n\nGood timing, we are looking at this now. Can you send a few slots?",
    "Thanks {owner}, happy to have a look. Send me the summary and let's find 30 minutes.",
)
OWNER_REPLIES: Final = (
    "Great, thanks {first}! I have sent an invite for Tuesday 10:00.",
    "Thanks {first}, here are three slots:\nMon 14:00\nWed 9:30\nThu 16:00",
)
CLOSERS: Final = (
    "Perfect, see you then.",
    "Booked. Talk soon!",
)
HEADLINES: Final = (
    "Helping finance teams close the books faster",
    "Account Executive | I help operations leaders spend less time on reports",
    "Sales | Customer onboarding, reporting, automation",
)
NOTES: Final = (
    "Intro call booked after LinkedIn conversation",
    "Discovery done, budget confirmed",
    "Signed, first phase",
    "Lost to an incumbent, timing",
    "Referred us to a colleague in operations",
)


def pick(rng: random.Random, options: tuple[str, ...], **names: str) -> str:
    """One option, with ``{first}``, ``{account}``, ``{owner}`` filled in."""
    return rng.choice(options).format(**names)
