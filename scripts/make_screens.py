#!/usr/bin/env python3
"""Draw the mock-up app screenshots used by the Parley workshop decks.

Every picture is an invented, phone-sized mock-up (390 x 844 pixels) of the kind of screen
that a personal health record (PHR) app shows. None of them is a real screenshot and none
carries a real logo or brand asset: the apps are called "NHS App-like", "MyMFT-like",
"Evergreen-like" and "PKB-like", and every screen has a "MOCK-UP" label in its top-right
corner. The people and numbers on them are invented too (they belong to the persona cards).

Usage:
    python3 scripts/make_screens.py [OUTPUT_DIR]

OUTPUT_DIR defaults to Decks/screens/ beside this script's parent folder. The output is
deterministic: the same Pillow and fonts give the same bytes on every run.

If you change what a screen shows, change its `alt` text in the decks (Decks/*.yaml) too:
the alt text is what a blind participant, or anyone reading the transcript, gets instead.
"""

import os
import sys

try:
    from PIL import Image, ImageDraw, ImageFont
except ImportError:  # pragma: no cover - depends on the machine
    sys.stderr.write(
        "make_screens.py needs Pillow, which is not installed.\n"
        "Install it with:  python3 -m pip install pillow\n"
    )
    sys.exit(2)

W, H = 390, 844
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
PALETTE_COLOURS = 64  # quantise to keep each PNG small

_font_cache = {}
_warned = []


def font(size, bold=False):
    """DejaVu Sans at `size` pixels, or Pillow's built-in font if DejaVu is missing."""
    key = (size, bold)
    if key in _font_cache:
        return _font_cache[key]
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = os.path.join(FONT_DIR, name)
    try:
        f = ImageFont.truetype(path, size)
    except OSError:
        if not _warned:
            sys.stderr.write("note: %s not found; using Pillow's default font\n" % path)
            _warned.append(True)
        try:
            f = ImageFont.load_default(size=size)
        except TypeError:  # Pillow < 10.1 has one fixed-size default font
            f = ImageFont.load_default()
    _font_cache[key] = f
    return f


# Colours (flat, so the PNGs compress well). These are deliberately NOT brand colours.
WHITE = (255, 255, 255)
BLACK = (20, 24, 28)
GREY_TEXT = (84, 92, 100)
GREY_LINE = (214, 219, 224)
GREY_BG = (240, 242, 244)
MOCK_BG = (255, 214, 0)
MOCK_FG = (40, 30, 0)

NHS_BLUE = (24, 88, 160)
NHS_DARK = (16, 54, 100)
MFT_PURPLE = (98, 52, 130)
MFT_LIGHT = (243, 237, 248)
EVG_GREEN = (30, 122, 84)
EVG_LIGHT = (232, 245, 238)
PKB_TEAL = (18, 92, 104)
PKB_ORANGE = (222, 110, 32)
PKB_LIGHT = (230, 242, 244)
AMBER = (176, 96, 0)
AMBER_BG = (255, 243, 214)
RED = (190, 40, 40)


class Screen:
    """A phone screen drawn top to bottom; `self.y` is the next free line."""

    def __init__(self, bg=WHITE):
        self.im = Image.new("RGB", (W, H), bg)
        self.d = ImageDraw.Draw(self.im)
        self.y = 0

    # --- primitives -------------------------------------------------------------------------
    def text(self, x, y, s, size=15, bold=False, fill=BLACK, anchor="la"):
        self.d.text((x, y), s, font=font(size, bold), fill=fill, anchor=anchor)

    def width(self, s, size=15, bold=False):
        return self.d.textlength(s, font=font(size, bold))

    def wrap(self, s, maxw, size=15, bold=False):
        lines, line = [], ""
        for word in s.split(" "):
            trial = word if not line else line + " " + word
            if self.width(trial, size, bold) <= maxw:
                line = trial
            else:
                if line:
                    lines.append(line)
                line = word
        if line:
            lines.append(line)
        return lines

    def para(self, x, y, s, maxw, size=15, bold=False, fill=BLACK, lead=None):
        """Wrapped text; returns the y below it."""
        lead = lead or int(size * 1.35)
        for line in self.wrap(s, maxw, size, bold):
            self.text(x, y, line, size, bold, fill)
            y += lead
        return y

    def rect(self, box, fill=None, outline=None, radius=0, width=1):
        if radius:
            self.d.rounded_rectangle(box, radius=radius, fill=fill, outline=outline, width=width)
        else:
            self.d.rectangle(box, fill=fill, outline=outline, width=width)

    def hline(self, y, x0=0, x1=W, fill=GREY_LINE):
        self.d.line([(x0, y), (x1, y)], fill=fill, width=1)

    def chevron(self, x, y, fill=GREY_TEXT, size=6):
        self.d.line([(x, y - size), (x + size, y), (x, y + size)], fill=fill, width=2)

    def back_arrow(self, x, y, fill=WHITE, size=7):
        self.d.line([(x + size, y - size), (x, y), (x + size, y + size)], fill=fill, width=2)

    def tick(self, x, y, fill=EVG_GREEN):
        self.d.line([(x, y), (x + 4, y + 5), (x + 12, y - 5)], fill=fill, width=3)

    def badge(self, x, y, s, fill=RED, fg=WHITE, size=12):
        w = self.width(s, size, True) + 12
        self.rect((x, y, x + w, y + size + 8), fill=fill, radius=(size + 8) // 2)
        self.text(x + w / 2, y + (size + 8) / 2, s, size, True, fg, anchor="mm")
        return w

    def toggle(self, x, y, on, colour):
        self.rect((x, y, x + 40, y + 22), fill=colour if on else GREY_LINE, radius=11)
        cx = x + 29 if on else x + 11
        self.d.ellipse((cx - 9, y + 2, cx + 9, y + 20), fill=WHITE)

    # --- furniture ----------------------------------------------------------------------------
    def status_bar(self, bg, fg=WHITE):
        """Phone status bar with the time on the left and the MOCK-UP label top right."""
        self.rect((0, 0, W, 36), fill=bg)
        self.text(18, 18, "09:41", 14, True, fg, anchor="lm")
        self.mockup_label()
        self.y = 36

    def mockup_label(self):
        s = "MOCK-UP"
        w = self.width(s, 11, True) + 14
        x1 = W - 10
        self.rect((x1 - w, 8, x1, 28), fill=MOCK_BG, outline=MOCK_FG, radius=4)
        self.text(x1 - w / 2, 18, s, 11, True, MOCK_FG, anchor="mm")

    def app_bar(self, bg, app_name, title=None, back=None, fg=WHITE, height=None):
        """Coloured header: small app name, optional back link, big page title."""
        y0 = self.y
        h = height or (96 if title else 56)
        self.rect((0, y0, W, y0 + h), fill=bg)
        self.text(18, y0 + 12, app_name, 13, True, fg)
        if back:
            self.back_arrow(18, y0 + 44, fg)
            self.text(32, y0 + 44, back, 14, False, fg, anchor="lm")
            if title:
                self.text(18, y0 + 62, title, 22, True, fg)
        elif title:
            self.text(18, y0 + 44, title, 22, True, fg)
        self.y = y0 + h

    def bottom_nav(self, items, active, colour):
        y0 = H - 74
        self.rect((0, y0, W, H), fill=WHITE)
        self.hline(y0)
        n = len(items)
        for i, label in enumerate(items):
            cx = int((i + 0.5) * W / n)
            c = colour if i == active else GREY_TEXT
            self.rect((cx - 11, y0 + 12, cx + 11, y0 + 32), outline=c, radius=5, width=2)
            self.text(cx, y0 + 46, label, 11, i == active, c, anchor="mm")
        self.home_indicator()

    def home_indicator(self):
        self.rect((W // 2 - 67, H - 12, W // 2 + 67, H - 7), fill=BLACK, radius=3)

    def row(self, title, sub=None, badge=None, x=18, chevron=True, bg=None, title_size=16):
        """A tappable list row with an optional second line and a red badge."""
        y0 = self.y
        h = 64 if sub else 50
        if bg:
            self.rect((0, y0, W, y0 + h), fill=bg)
        ty = y0 + (16 if sub else 25)
        self.text(x, ty, title, title_size, True, BLACK, anchor="la" if sub else "lm")
        if sub:
            self.text(x, y0 + 39, sub, 13, False, GREY_TEXT)
        if badge:
            self.badge(W - 44 - self.width(badge, 12, True), y0 + h / 2 - 10, badge)
        if chevron:
            self.chevron(W - 24, y0 + h / 2)
        self.hline(y0 + h, x)
        self.y = y0 + h

    def heading(self, s, x=18, size=17, fill=BLACK, gap=10):
        self.y += gap
        self.text(x, self.y, s, size, True, fill)
        self.y += int(size * 1.6)

    def notice(self, s, fill=AMBER_BG, edge=AMBER, x0=14, x1=W - 14, size=13):
        lines = self.wrap(s, x1 - x0 - 30, size)
        h = len(lines) * int(size * 1.4) + 18
        self.rect((x0, self.y, x1, self.y + h), fill=fill)
        self.rect((x0, self.y, x0 + 5, self.y + h), fill=edge)
        yy = self.y + 9
        for line in lines:
            self.text(x0 + 16, yy, line, size, False, BLACK)
            yy += int(size * 1.4)
        self.y += h

    def button(self, s, bg, fg=WHITE, x0=18, x1=W - 18, outline=None, h=46):
        self.rect((x0, self.y, x1, self.y + h), fill=bg, outline=outline, radius=8, width=2)
        self.text((x0 + x1) / 2, self.y + h / 2, s, 16, True, fg, anchor="mm")
        self.y += h

    def field(self, label, placeholder, x0=18, x1=W - 18):
        self.text(x0, self.y, label, 13, True, BLACK)
        self.y += 20
        self.rect((x0, self.y, x1, self.y + 38), fill=WHITE, outline=GREY_TEXT, radius=4)
        self.text(x0 + 10, self.y + 19, placeholder, 14, False, (150, 156, 162), anchor="lm")
        self.y += 46

    def save(self, path):
        im = self.im.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        im.save(path, format="PNG", optimize=True)


# =================================================================================================
# The screens
# =================================================================================================

def nhs_home():
    s = Screen(GREY_BG)
    s.status_bar(NHS_BLUE)
    s.app_bar(NHS_BLUE, "NHS App-like", title="Good morning, Derek")
    s.rect((0, s.y, W, s.y + 52), fill=NHS_DARK)
    s.text(18, s.y + 14, "Derek Mills", 14, True, WHITE)
    s.text(18, s.y + 32, "NHS number: 999 000 0001 (example)", 12, False, WHITE)
    s.y += 52
    s.heading("Your health", gap=14)
    s.rect((0, s.y, W, s.y + 4 * 64), fill=WHITE)
    s.row("GP health record", "Allergies, medicines, conditions")
    s.row("Test results", "1 new result from your GP surgery", badge="1 new")
    s.row("Prescriptions", "Order repeat medicines")
    s.row("Appointments", "GP and hospital appointments")
    s.heading("Other services", gap=14)
    s.rect((0, s.y, W, s.y + 2 * 50), fill=WHITE)
    s.row("Messages", badge="2")
    s.row("Linked profiles")
    s.y += 12
    s.notice("Some hospital letters and results are kept in other apps, not here.",
             fill=(226, 236, 248), edge=NHS_BLUE)
    s.bottom_nav(["Home", "Services", "Messages", "Profile"], 0, NHS_BLUE)
    return s


def nhs_results():
    s = Screen(WHITE)
    s.status_bar(NHS_BLUE)
    s.app_bar(NHS_BLUE, "NHS App-like", title="Test result", back="Test results")
    s.y += 16
    s.text(18, s.y, "HbA1c (blood sugar over the", 19, True)
    s.text(18, s.y + 24, "last 2 to 3 months)", 19, True)
    s.y += 56
    s.text(18, s.y, "Taken 14 October 2025 at your GP surgery", 13, False, GREY_TEXT)
    s.y += 30
    s.rect((18, s.y, W - 18, s.y + 92), fill=GREY_BG, radius=8)
    s.text(34, s.y + 14, "Your result", 13, True, GREY_TEXT)
    s.text(34, s.y + 34, "58 mmol/mol", 30, True, BLACK)
    s.badge(W - 34 - s.width("Higher", 12, True) - 12, s.y + 14, "Higher", fill=AMBER, size=12)
    s.y += 104
    s.text(18, s.y, "Previous result: 52 mmol/mol (April 2025)", 14)
    s.y += 22
    s.text(18, s.y, "Range for most people: below 42 mmol/mol", 14)
    s.y += 22
    s.text(18, s.y, "Range for people with diabetes is agreed", 14, False, GREY_TEXT)
    s.y += 20
    s.text(18, s.y, "with your care team.", 14, False, GREY_TEXT)
    s.y += 30
    s.heading("Comment from your GP surgery", size=15, gap=0)
    s.y = s.para(18, s.y, "\u201cHigher than last time. Please book a diabetes review with the practice nurse.\u201d",
                 W - 36, 14)
    s.y += 14
    s.notice("You may see a result before a doctor or nurse has talked to you about it. "
             "If you are worried, contact your GP surgery.")
    s.y += 14
    s.notice("Kidney results from the hospital are not shown here.",
             fill=(226, 236, 248), edge=NHS_BLUE)
    s.y += 18
    s.button("Book an appointment", NHS_BLUE)
    s.home_indicator()
    return s


def nhs_linked_profiles():
    s = Screen(GREY_BG)
    s.status_bar(NHS_BLUE)
    s.app_bar(NHS_BLUE, "NHS App-like", title="Linked profiles", back="Your profile")
    s.rect((0, s.y, W, s.y + 40), fill=NHS_DARK)
    s.text(18, s.y + 20, "Logged in as Samina Hussain", 13, True, WHITE, anchor="lm")
    s.y += 40
    s.y += 12
    s.y = s.para(18, s.y, "Switch to a linked profile to use services for someone else. "
                 "You can only do what they, or their GP surgery, have agreed to.", W - 36, 14, fill=GREY_TEXT)
    s.heading("People you can act for", size=16, gap=8)
    y0 = s.y
    s.rect((14, y0, W - 14, y0 + 178), fill=WHITE, outline=GREY_LINE, radius=8)
    s.d.ellipse((30, y0 + 14, 70, y0 + 54), fill=(205, 222, 240))
    s.text(50, y0 + 34, "AH", 15, True, NHS_DARK, anchor="mm")
    s.text(84, y0 + 16, "Amir Hussain", 16, True)
    s.text(84, y0 + 38, "Father \u00b7 GP: Cheetham Hill surgery", 12, False, GREY_TEXT)
    yy = y0 + 68
    for ok, label in [(True, "Order repeat prescriptions"), (True, "Book and cancel appointments"),
                      (False, "View GP health record"), (False, "View test results")]:
        if ok:
            s.tick(32, yy + 8)
        else:
            s.d.line([(32, yy + 2), (42, yy + 12)], fill=RED, width=3)
            s.d.line([(42, yy + 2), (32, yy + 12)], fill=RED, width=3)
        s.text(54, yy, ("Can: " if ok else "Cannot: ") + label, 13, False, BLACK)
        yy += 26
    s.y = y0 + 190
    s.button("Switch to Amir's profile", NHS_BLUE)
    s.y += 18
    s.heading("Add a linked profile", size=16, gap=0)
    s.y = s.para(18, s.y, "The person must agree, and their GP surgery must set it up. "
                 "You may need to take photo ID to the surgery. For children, the "
                 "surgery decides.", W - 36, 14)
    s.y += 10
    s.button("How to ask for access", WHITE, NHS_BLUE, outline=NHS_BLUE)
    s.bottom_nav(["Home", "Services", "Messages", "Profile"], 3, NHS_BLUE)
    return s


def nhs_login_identity():
    s = Screen(WHITE)
    s.status_bar(NHS_DARK)
    s.app_bar(NHS_DARK, "NHS login-like", title="Prove who you are")
    s.y += 14
    s.y = s.para(18, s.y, "To see your GP health record and test results you need the "
                 "highest level of checks.", W - 36, 15)
    s.y += 6
    levels = [
        ("P0", "Basic", "Email address and mobile number only. Some services only."),
        ("P5", "Some checks", "Your name, date of birth and postcode match NHS records. Book some appointments."),
        ("P9", "Full checks", "Photo ID and a short video of your face. GP record, results and prescriptions."),
    ]
    for code, name, desc in levels:
        y0 = s.y
        lines = s.wrap(desc, W - 110, 13)
        h = 32 + len(lines) * 18 + 8
        hi = code == "P9"
        s.rect((14, y0, W - 14, y0 + h), fill=(226, 236, 248) if hi else GREY_BG,
               outline=NHS_BLUE if hi else None, radius=8, width=2)
        s.rect((26, y0 + 12, 68, y0 + 40), fill=NHS_BLUE if hi else GREY_TEXT, radius=6)
        s.text(47, y0 + 26, code, 14, True, WHITE, anchor="mm")
        s.text(80, y0 + 12, name, 15, True)
        yy = y0 + 34
        for line in lines:
            s.text(80, yy, line, 13, False, GREY_TEXT)
            yy += 18
        s.y = y0 + h + 8
    s.heading("Choose how to prove it", size=16, gap=6)
    s.rect((0, s.y, W, s.y + 128), fill=WHITE)
    s.row("Use photo ID", "Passport, UK driving licence or EU ID card")
    s.row("Use details from your GP surgery", "Ask the surgery for registration details")
    s.y += 12
    s.notice("Checks can take from a few minutes to several days. You will need the camera on your phone.")
    s.y += 14
    s.button("Continue", NHS_BLUE)
    s.y += 12
    s.text(W / 2, s.y, "English only \u00b7 No other languages offered", 12, False, GREY_TEXT, anchor="ma")
    s.home_indicator()
    return s


def mymft_letters():
    s = Screen(WHITE)
    s.status_bar(MFT_PURPLE)
    s.app_bar(MFT_PURPLE, "MyMFT-like \u00b7 hospital portal", title="Letters", back="Menu")
    s.rect((0, s.y, W, s.y + 40), fill=MFT_LIGHT)
    s.text(18, s.y + 20, "Derek Mills \u00b7 Hospital no. EX123456", 13, True, MFT_PURPLE, anchor="lm")
    s.y += 40
    letters = [
        ("Renal clinic", "Clinic letter \u00b7 3 Oct 2025", "New"),
        ("Cardiology (heart failure)", "Clinic letter \u00b7 22 Sep 2025", None),
        ("Diabetes eye screening", "Results letter \u00b7 1 Aug 2025", None),
        ("Respiratory", "Appointment letter \u00b7 14 Jul 2025", None),
    ]
    for title, sub, badge in letters:
        s.row(title, sub, badge=badge)
    s.heading("Renal clinic letter (preview)", size=15, gap=14)
    y0 = s.y
    s.rect((14, y0, W - 14, y0 + 152), fill=GREY_BG, outline=GREY_LINE, radius=6)
    s.y = s.para(28, y0 + 12, "Dear Dr Okafor,", W - 60, 13)
    s.y = s.para(28, s.y + 4, "Diagnoses: CKD G4 A2; T2DM; HFrEF; COPD.", W - 60, 13, bold=True)
    s.y = s.para(28, s.y + 4, "Mr Mills was reviewed today. eGFR 24, K+ 5.3. Plan: continue "
                 "SGLT2i, reduce furosemide to 40 mg od, repeat U&Es in 4/52. "
                 "Discuss RRT options at next visit.", W - 60, 13)
    s.y = s.para(28, s.y + 4, "Copy to: patient", W - 60, 13, fill=GREY_TEXT)
    s.y = y0 + 164
    s.notice("Letters are written to your GP and may use medical words and short forms.",
             fill=MFT_LIGHT, edge=MFT_PURPLE)
    s.y += 12
    s.button("Download as PDF", WHITE, MFT_PURPLE, outline=MFT_PURPLE, h=42)
    s.bottom_nav(["Home", "Letters", "Results", "Appointments", "Sharing"], 1, MFT_PURPLE)
    return s


def mymft_proxy_hub():
    s = Screen(WHITE)
    s.status_bar(MFT_PURPLE)
    s.app_bar(MFT_PURPLE, "MyMFT-like \u00b7 hospital portal", title="Sharing hub", back="Menu")
    s.y += 12
    s.y = s.para(18, s.y, "Let someone you trust see your hospital record or act for you "
                 "(proxy access).", W - 36, 14, fill=GREY_TEXT)
    s.heading("You can see these records", size=16, gap=6)
    s.row("Kai Walsh (age 11)", "Your son \u00b7 Full access until he turns 12")
    s.row("Leanne Walsh", "You \u00b7 Your own record")
    s.heading("Children and young people", size=16, gap=14)
    rules = [
        ("Under 12", "A parent or guardian can have full proxy access."),
        ("12 to 15", "Parent access is reduced. Some information is hidden unless the young "
                     "person agrees. The young person can have their own account."),
        ("16 and over", "The young person controls their own account and chooses who can see it."),
    ]
    for age, desc in rules:
        y0 = s.y
        lines = s.wrap(desc, W - 150, 13)
        h = max(44, len(lines) * 18 + 16)
        s.rect((14, y0, W - 14, y0 + h), fill=MFT_LIGHT, radius=6)
        s.text(26, y0 + 10, age, 14, True, MFT_PURPLE)
        yy = y0 + 10
        for line in lines:
            s.text(128, yy, line, 13)
            yy += 18
        s.y = y0 + h + 6
    s.y += 10
    s.button("Invite someone to see my record", MFT_PURPLE, h=44)
    s.y += 10
    s.button("Ask for access to someone\u2019s record", WHITE, MFT_PURPLE, outline=MFT_PURPLE, h=44)
    s.y += 10
    s.text(W / 2, s.y, "Age rules shown are illustrative, for discussion.", 11, False, GREY_TEXT, anchor="ma")
    s.bottom_nav(["Home", "Letters", "Results", "Appointments", "Sharing"], 4, MFT_PURPLE)
    return s


def evergreen_gp_link():
    s = Screen(EVG_LIGHT)
    s.status_bar(EVG_GREEN)
    s.app_bar(EVG_GREEN, "Evergreen-like \u00b7 wellbeing app", title="Connect your GP record")
    s.y += 12
    y0 = s.y
    s.rect((14, y0, W - 14, y0 + 330), fill=WHITE, radius=10)
    s.y = y0 + 14
    s.y = s.para(28, s.y, "Choose one way to connect your GP record to this app.", W - 60, 14)
    s.y += 8
    s.button("Connect with NHS login", EVG_GREEN, x0=28, x1=W - 28, h=42)
    s.y += 10
    s.text(W / 2, s.y, "or use the letter from your GP practice", 13, False, GREY_TEXT, anchor="ma")
    s.y += 26
    s.field("Account ID", "e.g. 1A2B3C4D5E", 28, W - 28)
    s.field("Linkage key", "e.g. AB12CD34EF", 28, W - 28)
    s.field("Practice code (ODS code)", "e.g. P84000", 28, W - 28)
    s.y = y0 + 342
    s.heading("Today\u2019s wellbeing", size=16, gap=4)
    y0 = s.y
    s.rect((14, y0, W - 14, y0 + 150), fill=WHITE, radius=10)
    s.text(28, y0 + 14, "How are you feeling?", 14, True)
    faces = ["Low", "Meh", "OK", "Good", "Great"]
    for i, label in enumerate(faces):
        cx = 50 + i * 70
        chosen = label == "OK"
        s.d.ellipse((cx - 18, y0 + 40, cx + 18, y0 + 76), fill=EVG_GREEN if chosen else EVG_LIGHT,
                    outline=EVG_GREEN, width=2)
        s.text(cx, y0 + 86, label, 12, chosen, EVG_GREEN if chosen else GREY_TEXT, anchor="ma")
    s.text(28, y0 + 114, "Sleep 6 h \u00b7 Steps 3,412 \u00b7 Weight not added", 13, False, GREY_TEXT)
    s.y = y0 + 162
    s.button("+ Add a reading", WHITE, EVG_GREEN, outline=EVG_GREEN, h=42)
    s.y += 10
    s.text(W / 2, s.y, "You cannot set up access for someone else in this app.", 11, False, GREY_TEXT,
           anchor="ma")
    s.bottom_nav(["Home", "Record", "Wellbeing", "More"], 1, EVG_GREEN)
    return s


def pkb_kidney_results():
    s = Screen(WHITE)
    s.status_bar(PKB_TEAL)
    s.app_bar(PKB_TEAL, "PKB-like \u00b7 patient record", title="Kidney results", back="Measurements")
    s.y += 12
    s.text(18, s.y, "eGFR (kidney function)", 17, True)
    s.y += 26
    s.text(18, s.y, "34", 34, True, PKB_TEAL)
    s.text(18 + s.width("34", 34, True) + 8, s.y + 16, "mL/min/1.73m\u00b2  \u00b7  12 Oct 2025", 13, False,
           GREY_TEXT)
    s.y += 52
    # chart
    x0, x1, y0, y1 = 46, W - 22, s.y, s.y + 170
    s.rect((x0, y0, x1, y1), fill=PKB_LIGHT)
    vmin, vmax = 20, 50
    for v in (20, 30, 40, 50):
        yy = y1 - (v - vmin) / (vmax - vmin) * (y1 - y0)
        s.hline(int(yy), x0, x1, fill=(190, 210, 214))
        s.text(x0 - 6, yy, str(v), 11, False, GREY_TEXT, anchor="rm")
    points = [("Oct 23", 41), ("Apr 24", 39), ("Oct 24", 37), ("Jan 25", 36), ("Jun 25", 35), ("Oct 25", 34)]
    xy = []
    for i, (label, v) in enumerate(points):
        px = x0 + 16 + i * (x1 - x0 - 32) / (len(points) - 1)
        py = y1 - (v - vmin) / (vmax - vmin) * (y1 - y0)
        xy.append((px, py))
        s.text(px, y1 + 6, label, 10, False, GREY_TEXT, anchor="ma")
    s.d.line(xy, fill=PKB_TEAL, width=3)
    for px, py in xy:
        s.d.ellipse((px - 5, py - 5, px + 5, py + 5), fill=PKB_ORANGE)
    s.y = y1 + 30
    s.heading("Other results (12 Oct 2025)", size=15, gap=0)
    for name, val, note in [("Creatinine", "168 \u00b5mol/L", "Lab: renal unit"),
                            ("Potassium", "5.1 mmol/L", "Lab: renal unit"),
                            ("Haemoglobin", "112 g/L", "Lab: renal unit")]:
        y0 = s.y
        s.text(18, y0 + 10, name, 15, True)
        s.text(18, y0 + 30, note, 12, False, GREY_TEXT)
        s.text(W - 18, y0 + 20, val, 15, True, BLACK, anchor="rm")
        s.hline(y0 + 52, 18)
        s.y = y0 + 52
    s.heading("Readings you entered", size=15, gap=12)
    y0 = s.y
    s.rect((14, y0, W - 14, y0 + 50), fill=(253, 236, 222), radius=6)
    s.text(28, y0 + 10, "Blood pressure 142/86", 14, True)
    s.text(28, y0 + 29, "Entered by you \u00b7 2 Nov 2025 \u00b7 home monitor", 12, False, GREY_TEXT)
    s.y = y0 + 62
    s.button("+ Add a reading", PKB_ORANGE, h=42)
    s.home_indicator()
    return s


def pkb_privacy():
    s = Screen(WHITE)
    s.status_bar(PKB_TEAL)
    s.app_bar(PKB_TEAL, "PKB-like \u00b7 patient record", title="Privacy and sharing", back="Settings")
    s.y += 12
    s.y = s.para(18, s.y, "Each part of your record has a privacy label. Choose who can see "
                 "each label.", W - 36, 14, fill=GREY_TEXT)
    s.heading("Privacy labels", size=16, gap=6)
    labels = [
        ("General health", "All my care teams", True),
        ("Mental health", "Only teams I choose", True),
        ("Sexual health", "Only me", False),
        ("Social care", "Only teams I choose", True),
    ]
    for name, who, on in labels:
        y0 = s.y
        s.text(18, y0 + 12, name, 15, True)
        s.text(18, y0 + 32, who, 12, False, GREY_TEXT)
        s.toggle(W - 62, y0 + 16, on, PKB_TEAL)
        s.hline(y0 + 54, 18)
        s.y = y0 + 54
    s.heading("Who can see my record", size=16, gap=14)
    people = [
        ("Renal team, city hospital", "General, Mental health"),
        ("My GP practice", "General"),
        ("Samina Hussain (carer)", "General only \u00b7 can add readings"),
    ]
    for name, what in people:
        y0 = s.y
        s.d.ellipse((18, y0 + 12, 46, y0 + 40), fill=PKB_LIGHT)
        s.text(32, y0 + 26, name[0], 13, True, PKB_TEAL, anchor="mm")
        s.text(58, y0 + 10, name, 15, True)
        s.text(58, y0 + 30, "Sees: " + what, 12, False, GREY_TEXT)
        s.chevron(W - 24, y0 + 27)
        s.hline(y0 + 54, 58)
        s.y = y0 + 54
    s.y += 14
    s.button("+ Add a carer or family member", PKB_ORANGE, h=44)
    s.y += 10
    s.notice("In an emergency, a clinician can open your whole record. You will be told afterwards.",
             fill=PKB_LIGHT, edge=PKB_TEAL)
    s.home_indicator()
    return s


def four_apps_home():
    s = Screen((44, 62, 80))
    s.status_bar((44, 62, 80))
    # notifications
    s.y += 10
    notes = [
        ("NHS App-like", "Your prescription is ready to collect.", "2m"),
        ("MyMFT-like", "You have a new letter from the renal clinic.", "1h"),
        ("PKB-like", "New kidney results have been added.", "1h"),
        ("Evergreen-like", "Don\u2019t forget to log today\u2019s wellbeing!", "3h"),
    ]
    for app, msg, ago in notes:
        y0 = s.y
        s.rect((12, y0, W - 12, y0 + 58), fill=(236, 238, 242), radius=14)
        s.text(26, y0 + 10, app.upper(), 11, True, GREY_TEXT)
        s.text(W - 26, y0 + 10, ago, 11, False, GREY_TEXT, anchor="ra")
        s.text(26, y0 + 30, msg, 13, False, BLACK)
        s.y = y0 + 66
    # icon grid
    apps = [
        ("Phone", (80, 170, 90), "\u260e", None), ("Messages", (80, 170, 90), "\u2709", "4"),
        ("Camera", (120, 124, 130), "\u25ce", None), ("Photos", (230, 150, 40), "\u273f", None),
        ("NHS App-like", NHS_BLUE, "N", "3"), ("MyMFT-like", MFT_PURPLE, "M", "1"),
        ("Evergreen-like", EVG_GREEN, "E", "2"), ("PKB-like", PKB_TEAL, "P", "5"),
        ("Clock", (30, 30, 34), "\u25f7", None), ("Weather", (60, 140, 210), "\u2600", None),
        ("Bus times", (210, 70, 50), "B", None), ("Settings", (120, 124, 130), "\u2699", None),
    ]
    top = s.y + 14
    for i, (label, colour, glyph, badge) in enumerate(apps):
        col, rowi = i % 4, i // 4
        cx = 52 + col * 95
        cy = top + rowi * 104
        s.rect((cx - 30, cy, cx + 30, cy + 60), fill=colour, radius=14)
        s.text(cx, cy + 30, glyph, 26, len(glyph) == 1 and glyph.isascii(), WHITE, anchor="mm")
        s.text(cx, cy + 68, label, 11, False, WHITE, anchor="ma")
        if badge:
            s.d.ellipse((cx + 18, cy - 8, cx + 40, cy + 14), fill=RED)
            s.text(cx + 29, cy + 3, badge, 12, True, WHITE, anchor="mm")
    # dock
    y0 = H - 110
    s.rect((12, y0, W - 12, y0 + 84), fill=(70, 88, 108), radius=24)
    s.text(W / 2, y0 + 42, "Four health apps, four logins, eleven alerts", 13, True, WHITE, anchor="mm")
    s.rect((W // 2 - 67, H - 12, W // 2 + 67, H - 7), fill=WHITE, radius=3)
    return s


SCREENS = [
    ("nhs-home.png", nhs_home),
    ("nhs-results.png", nhs_results),
    ("nhs-linked-profiles.png", nhs_linked_profiles),
    ("nhs-login-identity.png", nhs_login_identity),
    ("mymft-letters.png", mymft_letters),
    ("mymft-proxy-hub.png", mymft_proxy_hub),
    ("evergreen-gp-link.png", evergreen_gp_link),
    ("pkb-kidney-results.png", pkb_kidney_results),
    ("pkb-privacy.png", pkb_privacy),
    ("four-apps-home.png", four_apps_home),
]


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out = argv[1] if len(argv) > 1 else os.path.join(here, "..", "Decks", "screens")
    out = os.path.normpath(out)
    os.makedirs(out, exist_ok=True)
    for name, draw in SCREENS:
        path = os.path.join(out, name)
        draw().save(path)
        print("wrote %s (%d bytes)" % (os.path.relpath(path), os.path.getsize(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
