#!/usr/bin/env python3
"""pictograms.py — draws the kiosk's pictograms (assets/pictograms/*.svg) from
parameters, so a change to a shared shape or stroke width stays consistent
across the set. Run it from anywhere: it writes next to itself, ../assets."""
import math, os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "pictograms")
os.makedirs(OUT, exist_ok=True)

def f(v):
    s = ("%.2f" % v).rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s

def S(w=4):  # stroke-only attrs
    return f'fill="none" stroke="#000" stroke-width="{f(w)}" stroke-linecap="round" stroke-linejoin="round"'
F = 'fill="#000"'

def path_s(d, w=4): return f'<path d="{d}" {S(w)}/>'
def path_f(d, evenodd=False):
    return f'<path d="{d}" {F}' + (' fill-rule="evenodd"' if evenodd else '') + '/>'
def circ_s(cx, cy, r, w=4): return f'<circle cx="{f(cx)}" cy="{f(cy)}" r="{f(r)}" {S(w)}/>'
def circ_f(cx, cy, r): return f'<circle cx="{f(cx)}" cy="{f(cy)}" r="{f(r)}" {F}/>'
def rect_s(x, y, w, h, rx=0, sw=4):
    return f'<rect x="{f(x)}" y="{f(y)}" width="{f(w)}" height="{f(h)}"' + (f' rx="{f(rx)}"' if rx else '') + f' {S(sw)}/>'
def rect_f(x, y, w, h, rx=0):
    return f'<rect x="{f(x)}" y="{f(y)}" width="{f(w)}" height="{f(h)}"' + (f' rx="{f(rx)}"' if rx else '') + f' {F}/>'
def line(x1, y1, x2, y2, w=4):
    return f'<line x1="{f(x1)}" y1="{f(y1)}" x2="{f(x2)}" y2="{f(y2)}" {S(w)}/>'
def pline(pts, w=4):
    return f'<polyline points="{" ".join(f(x)+","+f(y) for x,y in pts)}" {S(w)}/>'
def pgon_f(pts):
    return f'<polygon points="{" ".join(f(x)+","+f(y) for x,y in pts)}" {F}/>'
def pgon_s(pts, w=4):
    return f'<polygon points="{" ".join(f(x)+","+f(y) for x,y in pts)}" {S(w)}/>'

def star_pts(cx, cy, R, r, n=5, rot=-90):
    pts = []
    for i in range(2*n):
        a = math.radians(rot + i*180/n)
        rr = R if i % 2 == 0 else r
        pts.append((cx + rr*math.cos(a), cy + rr*math.sin(a)))
    return pts

# heart: base drawn in a 38x33 box centred at (24,24.5)
HEART = [("M",24,41),("C",14,34,5,27,5,18),("C",5,12,9.5,8,15,8),("C",19,8,22,10,24,13),
         ("C",26,10,29,8,33,8),("C",38.5,8,43,12,43,18),("C",43,27,34,34,24,41),("Z",)]
def heart_d(cx, cy, w):
    s = w/38.0
    out = []
    for seg in HEART:
        out.append(seg[0])
        nums = seg[1:]
        for i in range(0, len(nums), 2):
            out.append(f(cx + (nums[i]-24)*s) + " " + f(cy + (nums[i+1]-24.5)*s))
    return " ".join(out)

def person(cx, hy, hr, top, bot, hw):
    """filled neutral silhouette: head circle + rounded shoulders body"""
    ry = hw*0.85
    d = (f"M{f(cx-hw)} {f(bot)} V{f(top+ry)} A{f(hw)} {f(ry)} 0 0 1 {f(cx+hw)} {f(top+ry)} V{f(bot)} Z")
    return circ_f(cx, hy, hr) + path_f(d)

def arc_pt(cx, cy, r, deg):
    a = math.radians(deg); return (cx + r*math.cos(a), cy + r*math.sin(a))

def arc_d(cx, cy, r, a0, a1):
    """clockwise (in screen coords, increasing angle) arc from a0 to a1 degrees"""
    x0, y0 = arc_pt(cx, cy, r, a0); x1, y1 = arc_pt(cx, cy, r, a1)
    large = 1 if (a1 - a0) % 360 > 180 else 0
    return f"M{f(x0)} {f(y0)} A{f(r)} {f(r)} 0 {large} 1 {f(x1)} {f(y1)}"

def calendar_frame():
    return (path_f("M10 8 H38 A4 4 0 0 1 42 12 V19 H6 V12 A4 4 0 0 1 10 8 Z")
            + rect_s(6, 9, 36, 33, 4) + line(15, 5, 15, 11) + line(33, 5, 33, 11))

icons = {}

icons["services"] = (line(24, 6, 24, 43) + line(16, 43, 32, 43)
    + path_f("M8 8 H34 L40 14 L34 20 H8 Z") + path_f("M40 24 H14 L8 30 L14 36 H40 Z"))

icons["whats-on"] = calendar_frame() + pgon_f(star_pts(24, 31.5, 9, 3.8))

icons["calendar"] = calendar_frame() + "".join(
    rect_f(x, y, 5, 5, 1) for y in (24, 33) for x in (12, 21.5, 31))

icons["activities"] = (person(24, 21.5, 5, 29, 43, 8)
    + person(10, 25, 4, 32, 43, 6) + person(38, 25, 4, 32, 43, 6)
    + pgon_f(star_pts(24, 9.5, 6.5, 2.8)))

icons["buddy"] = person(15, 13, 6, 23, 43, 8.5) + person(33, 13, 6, 23, 43, 8.5)

BUBBLE = "M10 7 H38 A4 4 0 0 1 42 11 V29 A4 4 0 0 1 38 33 H22 L13 41 V33 H10 A4 4 0 0 1 6 29 V11 A4 4 0 0 1 10 7 Z"
icons["message"] = path_s(BUBBLE) + circ_f(15, 20, 2.8) + circ_f(24, 20, 2.8) + circ_f(33, 20, 2.8)

icons["volunteers"] = (path_f(heart_d(26, 14.5, 20))
    + path_s("M5 33 L12 29 H21 C24 29 24 34 21 34 H15", 3.5)
    + path_s("M21 34 H28 L38 28 C41 26 44 29 42 32 L33 40 C31 42 29 43 26 43 H15 L10 40", 3.5)
    + rect_f(3, 31.5, 5, 12, 1))

icons["back"] = line(40, 24, 9, 24, 5) + pline([(21, 11), (8, 24), (21, 37)], 5)
icons["forward"] = line(8, 24, 39, 24, 5) + pline([(27, 11), (40, 24), (27, 37)], 5)

icons["language"] = (circ_s(24, 24, 19, 3.5) + f'<ellipse cx="24" cy="24" rx="8" ry="19" {S(3.5)}/>'
    + line(5, 24, 43, 24, 3.5) + line(8.5, 14.5, 39.5, 14.5, 3) + line(8.5, 33.5, 39.5, 33.5, 3))

icons["done"] = (path_s("M27 12 V6 H7 V42 H27 V36") + line(17, 24, 41, 24)
    + pline([(33, 16), (41, 24), (33, 32)]))

icons["touch"] = (path_f("M16 44 V22 A4 4 0 0 1 24 22 V30.5 A3 3 0 0 1 30 30.5 A3 3 0 0 1 36 31.5 V37 C36 41 33 44 29 44 Z")
    + path_s(arc_d(20, 21, 9, 200, 340), 3) + path_s(arc_d(20, 21, 15, 205, 335), 3))

icons["clock"] = circ_s(24, 24, 19) + pline([(24, 12), (24, 24), (32, 29)]) + circ_f(24, 24, 2.5)

icons["info"] = circ_s(24, 24, 19) + circ_f(24, 15, 3) + rect_f(21.5, 21, 5, 15, 1.5)

HOUSE = path_s("M5 23 L24 6 L43 23") + path_s("M10 19 V42 H38 V19")
icons["home"] = HOUSE + rect_f(20, 29, 8, 13)

def buoy():
    out = circ_s(24, 24, 18.5, 3) + circ_s(24, 24, 8, 3)
    for c in (45, 135, 225, 315):
        a0, a1 = c - 17, c + 17
        p0 = arc_pt(24, 24, 18.5, a0); p1 = arc_pt(24, 24, 18.5, a1)
        q1 = arc_pt(24, 24, 8, a1); q0 = arc_pt(24, 24, 8, a0)
        d = (f"M{f(p0[0])} {f(p0[1])} A18.5 18.5 0 0 1 {f(p1[0])} {f(p1[1])} "
             f"L{f(q1[0])} {f(q1[1])} A8 8 0 0 0 {f(q0[0])} {f(q0[1])} Z")
        out += path_f(d)
    return out
icons["help"] = buoy()

icons["warning"] = path_s("M24 6 L43 40 H5 Z") + line(24, 18, 24, 28, 4.5) + circ_f(24, 34.5, 2.7)

icons["check"] = circ_s(24, 24, 19) + pline([(15, 24.5), (21.5, 31), (33, 18)], 4.5)
icons["close"] = circ_s(24, 24, 19) + line(17, 17, 31, 31, 4.5) + line(31, 17, 17, 31, 4.5)

icons["language-class"] = (
    path_s("M24 25 C19 22 11 22 5 24 V40 C11 38 19 38 24 41 C29 38 37 38 43 40 V24 C37 22 29 22 24 25 Z", 3.5)
    + line(24, 25, 24, 41, 3)
    + path_f("M18 4 H38 A3 3 0 0 1 41 7 V15 A3 3 0 0 1 38 18 H26 L20 22 V18 H18 A3 3 0 0 1 15 15 V7 A3 3 0 0 1 18 4 Z"))

icons["work"] = (rect_s(5, 14, 38, 27, 3.5) + path_s("M17 14 V10 A2 2 0 0 1 19 8 H29 A2 2 0 0 1 31 10 V14")
    + line(5, 26, 43, 26, 3) + rect_f(20.5, 22.5, 7, 7, 1.5))

icons["health"] = (path_s(heart_d(24, 24.5, 36), 3.5)
    + pline([(5.5, 25), (14, 25), (18, 18), (23, 32), (27, 21), (30, 25), (42.5, 25)], 3.5))

icons["children"] = person(16, 10.5, 6, 19.5, 43, 9) + person(35, 24.5, 4.5, 31.5, 43, 6.5)

icons["school"] = (path_s("M5.5 20 L24 6 L42.5 20", 3.5) + rect_s(9, 20, 30, 22, 0, 3.5)
    + circ_s(24, 16, 3, 3) + rect_f(20, 31, 8, 11)
    + rect_f(12.5, 25, 4.5, 5) + rect_f(31, 25, 4.5, 5) + rect_f(12.5, 33, 4.5, 5) + rect_f(31, 33, 4.5, 5))

icons["bicycle"] = (circ_s(12, 31, 7.5, 3) + circ_s(36, 31, 7.5, 3)
    + pline([(12, 31), (22, 31), (17.5, 19), (12, 31)], 3)
    + pline([(17.5, 19), (31, 19), (22, 31)], 3) + pline([(36, 31), (30, 14), (35, 13)], 3)
    + line(14, 16.5, 21, 16.5, 3.5))

def football():
    out = circ_s(24, 24, 19, 3)
    pent = [arc_pt(24, 24, 7, -90 + 72*i) for i in range(5)]
    out += pgon_f(pent)
    for i in range(5):
        c = -90 + 72*i
        a = arc_pt(24, 24, 7, c); b = arc_pt(24, 24, 13, c)
        out += line(a[0], a[1], b[0], b[1], 3)
        s1 = arc_pt(24, 24, 16.5, c - 17); s2 = arc_pt(24, 24, 16.5, c + 17)
        o1 = arc_pt(24, 24, 19, c - 22); o2 = arc_pt(24, 24, 19, c + 22)
        d = (f"M{f(b[0])} {f(b[1])} L{f(s1[0])} {f(s1[1])} L{f(o1[0])} {f(o1[1])} "
             f"A19 19 0 0 1 {f(o2[0])} {f(o2[1])} L{f(s2[0])} {f(s2[1])} Z")
        out += path_f(d)
    return out
icons["football"] = football()

icons["shop"] = (path_f("M10 17 H38 L41 43 H7 Z")
    + path_s("M17 23 V13 A7 7 0 0 1 31 13 V23", 3.5))

icons["giveaway"] = (rect_s(6, 17, 36, 8, 1.5, 3.5) + rect_s(9, 25, 30, 17, 0, 3.5) + line(24, 17, 24, 42, 3.5)
    + path_s("M24 17 C21 10 13 7 13 12 C13 16 20 17 24 17 C28 17 35 16 35 12 C35 7 27 10 24 17 Z", 3))

icons["housing"] = (HOUSE + circ_s(19, 31, 4.5, 3) + line(23.5, 31, 33, 31, 3.5)
    + line(30, 31, 30, 35.5, 3) + line(33, 31, 33, 34.5, 3))

icons["legal"] = (line(24, 9, 24, 40, 3.5) + line(14, 41, 34, 41, 4) + line(9, 13, 39, 13, 3.5)
    + circ_f(24, 8, 3)
    + pline([(4.5, 28), (9, 14), (13.5, 28)], 3) + pline([(34.5, 28), (39, 14), (43.5, 28)], 3)
    + path_f("M3 28 H15 A6 6 0 0 1 3 28 Z") + path_f("M33 28 H45 A6 6 0 0 1 33 28 Z"))

icons["psychosocial"] = (person(11, 21, 6, 30, 43, 8) + person(37, 21, 6, 30, 43, 8)
    + path_f(heart_d(24, 11, 13)))

icons["youth"] = (circ_f(27, 9, 5.5)
    + path_f("M22 17 H30 A4 4 0 0 1 34 21 V33 H20 V19 A2 2 0 0 1 22 17 Z")
    + rect_f(12, 18.5, 10, 13, 3)
    + line(23.5, 32, 20.5, 42, 5) + line(30.5, 32, 32.5, 42, 5)
    + pline([(31, 21), (36, 28), (34, 33)], 4))
icons["information-session"] = (rect_s(17, 5, 26, 17, 1.5, 3.5) + line(22, 11, 34, 11, 3) + line(22, 16, 30, 16, 3)
    + person(9.5, 11, 4, 17, 29, 5.5) + line(13, 20, 19, 15, 3)
    + person(12, 34.5, 3.5, 39.5, 44, 5.5) + person(24, 34.5, 3.5, 39.5, 44, 5.5)
    + person(36, 34.5, 3.5, 39.5, 44, 5.5))

icons["place"] = path_f("M24 44 C21 40 9 29 9 19 A15 15 0 0 1 39 19 C39 29 27 40 24 44 Z "
                        "M18.5 19 A5.5 5.5 0 1 0 29.5 19 A5.5 5.5 0 1 0 18.5 19 Z", evenodd=True)

def phone_old():
    # handle: arc centred top-right, ear pad top-left, mouth pad bottom-right
    cx, cy, r = 36, 12, 24
    out = path_s(arc_d(cx, cy, r, 95, 175), 7)
    for ang in (175, 95):
        # pad: rounded rect oriented radially, drawn as thick line toward the centre
        p = arc_pt(cx, cy, r + 1.5, ang); q = arc_pt(cx, cy, r - 8, ang)
        out += line(p[0], p[1], q[0], q[1], 10)
    return out
icons["phone"] = ('<path d="M-21 -5 Q-21 -8 -18 -8 H-12 Q-9 -8 -9 -5 V-3 Q0 -1 9 -3 V-5 Q9 -8 12 -8 H18 Q21 -8 21 -5 V1 Q21 5 16 6 Q0 10 -16 6 Q-21 5 -21 1 Z" fill="#000" transform="translate(23 25) rotate(45)"/>')

def qr():
    out = ""
    for x, y in ((5, 5), (29, 5), (5, 29)):
        out += rect_s(x, y, 14, 14, 0, 3.5) + rect_f(x + 4.5, y + 4.5, 5, 5)
    mods = [(24, 24), (38, 24), (31, 31), (24, 38), (38, 38), (31, 24)]
    for x, y in mods:
        out += rect_f(x, y, 5, 5)
    return out
icons["qr"] = qr()

icons["people-count"] = person(18, 13, 6.5, 24, 43, 11) + line(37, 10, 37, 24) + line(30, 17, 44, 17)
icons["person"] = person(24, 12.5, 7.5, 24, 43, 13)

icons["lock"] = (path_s("M15 21 V15 A9 9 0 0 1 33 15 V21")
    + path_f("M12 21 H36 A3 3 0 0 1 39 24 V40 A3 3 0 0 1 36 43 H12 A3 3 0 0 1 9 40 V24 A3 3 0 0 1 12 21 Z "
             "M24 27 A3.5 3.5 0 0 0 22 33.4 V37 H26 V33.4 A3.5 3.5 0 0 0 24 27 Z", evenodd=True))

def wifi_off():
    cx, cy = 24, 39
    out = circ_f(cx, cy, 3)
    for r in (9, 17.5, 26):
        out += path_s(arc_d(cx, cy, r, 225, 315), 4)
    out += line(8, 7, 41, 42, 4)
    return out
icons["wifi-off"] = wifi_off()

def sync():
    cx, cy, r = 24, 24, 15
    out = ""
    for a0, a1 in ((200, 330), (20, 150)):
        out += path_s(arc_d(cx, cy, r, a0, a1), 4)
        # arrowhead at a1, pointing along clockwise tangent
        e = arc_pt(cx, cy, r, a1 + 19)
        t = math.radians(a1); rad = (math.cos(t), math.sin(t))
        b1 = (cx + (r + 7)*rad[0], cy + (r + 7)*rad[1]); b2 = (cx + (r - 7)*rad[0], cy + (r - 7)*rad[1])
        out += f'<polygon points="{f(b1[0])},{f(b1[1])} {f(e[0])},{f(e[1])} {f(b2[0])},{f(b2[1])}" fill="#000"/>'
    return out
icons["sync"] = sync()

# reading aids: a small and a large letter A with a plus; half a disc filled
def letter_a(x, base, h, w):
    return (pline([(x, base), (x + h*0.36, base - h), (x + h*0.72, base)], w)
            + line(x + h*0.16, base - h*0.38, x + h*0.56, base - h*0.38, w))
icons["text-size"] = (letter_a(3, 40, 18, 3.5) + letter_a(17, 40, 30, 4.5)
    + line(38, 8, 38, 20, 3.5) + line(32, 14, 44, 14, 3.5))
icons["contrast"] = circ_s(24, 24, 19) + path_f("M24 5 A19 19 0 0 1 24 43 Z")
# the number stepper: no font glyph needed (U+2212 is in none of ours)
icons["minus"] = line(10, 24, 38, 24, 6)
icons["plus"] = line(10, 24, 38, 24, 6) + line(24, 10, 24, 38, 6)
# scroll hints: more below, more above (a heavy chevron, read at a glance)
icons["more-below"] = pline([(10, 17), (24, 31), (38, 17)], 6)
icons["more-above"] = pline([(10, 31), (24, 17), (38, 31)], 6)


# People by sex and age, for form choices. Woman and man follow the public
# signage convention (a dress, trousers); "no preference" shows both.
def woman(cx, top, s=1.0):
    def X(v): return cx + v*s
    def Y(v): return top + v*s
    return (circ_f(X(0), Y(5), 5*s)
        + path_f(f"M{f(X(-4))} {f(Y(12))} H{f(X(4))} A3 3 0 0 1 {f(X(7))} {f(Y(14.5))} L{f(X(11))} {f(Y(29))}"
                 f" H{f(X(-11))} L{f(X(-7))} {f(Y(14.5))} A3 3 0 0 1 {f(X(-4))} {f(Y(12))} Z")
        + rect_f(X(-5), Y(28), 4*s, 12*s, 2*s) + rect_f(X(1), Y(28), 4*s, 12*s, 2*s))
def man(cx, top, s=1.0):
    def X(v): return cx + v*s
    def Y(v): return top + v*s
    return (circ_f(X(0), Y(5), 5*s)
        + rect_f(X(-7), Y(12), 14*s, 16*s, 3*s)
        + rect_f(X(-11.5), Y(12.5), 4*s, 14*s, 2*s) + rect_f(X(7.5), Y(12.5), 4*s, 14*s, 2*s)
        + rect_f(X(-6.5), Y(26), 5.5*s, 14*s, 2*s) + rect_f(X(1), Y(26), 5.5*s, 14*s, 2*s))
icons["woman"] = woman(24, 4)
icons["man"] = man(24, 4)
icons["gender-any"] = woman(13, 10, 0.82) + man(35, 10, 0.82) + line(24, 6, 24, 42, 3)

# Age bands: a figure of that age (a child, a young person with a backpack,
# an adult, a broader middle-aged adult, an older person with a walking
# stick) over a scale of the five stages, its own step solid and the others
# faint, so each reads as "this one of these" even where two figures are
# alike.
AGE_STAGES = ("child", "young", "adult", "middle", "older")
def age_scale(band):
    out = ""
    for i in range(len(AGE_STAGES)):
        seg = rect_f(4 + i * 8.4, 41, 6.8, 4, 1.5)
        out += seg if i == band else f'<g opacity="0.3">{seg}</g>'
    return out
def age_figure(band):
    if band == 0:
        return person(24, 19, 5.5, 26.5, 37, 8)
    if band == 1:
        return (circ_f(27, 6.5, 4.5) + path_f("M22.5 13 H29.5 A3.5 3.5 0 0 1 33 16.5 V27 H21 V15 A2 2 0 0 1 22.5 13 Z")
            + rect_f(13.5, 14.5, 8.5, 11, 2.5) + line(23.5, 27, 21, 36, 4.5) + line(30, 27, 32, 36, 4.5)
            + pline([(30.5, 16.5), (35, 22.5), (33.5, 27)], 3.5))
    if band == 2:
        return person(24, 8, 5.5, 16, 37, 10)
    if band == 3:
        return person(24, 8, 5.5, 16, 37, 13)
    return (circ_f(19, 9, 5)
            + path_f("M11 37 V24 C11 18.5 15 15.5 20 15.5 C25.5 15.5 29 19 29 23.5 V37 Z")
            + line(29, 24, 35, 24, 3) + line(35, 24, 35, 37, 3))
def age(band):
    return age_figure(band) + age_scale(band)
for i, name in enumerate(AGE_STAGES):
    icons["age-" + name] = age(i)

# Parts of the day: the sun rising on the horizon, the sun high, the moon.
def rays(cx, cy, r0, r1, angles, w=3):
    return "".join(line(*arc_pt(cx, cy, r0, a), *arc_pt(cx, cy, r1, a), w) for a in angles)
icons["morning"] = (path_f(f"M14 36 A10 10 0 0 1 34 36 Z") + rays(24, 36, 13, 19, (180+22.5, 225, 270, 315, 360-22.5))
    + line(4, 36, 44, 36))
icons["afternoon"] = (circ_f(24, 19, 8) + rays(24, 19, 11.5, 16.5, range(0, 360, 45))
    + line(4, 42, 44, 42))
icons["evening"] = (path_f("M28 6 A17 17 0 1 0 42 32 A13 13 0 1 1 28 6 Z")
    + pgon_f(star_pts(36, 12, 4.5, 1.9)) + line(4, 42, 44, 42))

# The reception desk: a person behind a counter. Letters and post: an
# envelope (a message to staff is the speech bubble).
icons["reception-desk"] = (person(24, 9.5, 5.5, 17, 28, 9.5)
    + rect_f(3, 27, 42, 5, 1.5) + rect_s(7, 32, 34, 10, 0, 3.5))
icons["post"] = rect_s(5, 11, 38, 27, 3) + pline([(6, 13), (24, 27), (42, 13)], 3.5)

# What residents like doing, for the buddy and volunteer forms.
icons["coffee"] = (path_f("M8 20 H34 V31 A9 9 0 0 1 25 40 H17 A9 9 0 0 1 8 31 Z")
    + path_s("M34 23 H37 A5 5 0 0 1 37 33 H33", 3.5) + line(6, 44, 36, 44, 3.5)
    + path_s("M15 15 C12 12 18 10 15 6", 3) + path_s("M22 15 C19 12 25 10 22 6", 3) + path_s("M29 15 C26 12 32 10 29 6", 3))
icons["cooking"] = (path_f("M8 22 H40 V36 A6 6 0 0 1 34 42 H14 A6 6 0 0 1 8 36 Z")
    + rect_f(5, 17, 38, 4, 2) + rect_f(20, 13, 8, 4, 2) + line(3, 26, 8, 26, 3.5) + line(40, 26, 45, 26, 3.5)
    + path_s("M16 10 C13 7 19 5 16 2", 2.5) + path_s("M32 10 C29 7 35 5 32 2", 2.5))
icons["games"] = (path_f("M8 16 H19 A5 5 0 1 1 29 16 H36 V25 A5 5 0 1 1 36 35 V42 H8 Z"))
icons["walking"] = (circ_f(26, 7.5, 4.5) + line(24.5, 15, 21, 29, 5.5)
    + pline([(21, 29), (27, 35), (27, 44)], 5) + pline([(21, 29), (15, 36), (9, 40)], 5)
    + pline([(24, 17), (31, 22), (36, 21)], 4) + pline([(24, 17), (17, 22), (14, 28)], 4))
icons["repairs"] = (line(9, 39, 27, 21, 7) + path_s(arc_d(31.5, 16.5, 6.5, 0, 270), 6.5))
icons["money"] = (rect_s(4, 12, 40, 24, 3, 3.5) + circ_s(24, 24, 6, 3.5)
    + circ_f(11, 24, 2.2) + circ_f(37, 24, 2.2))
icons["swimming"] = (circ_f(34, 19, 4.5)
    + path_s("M6 29 L16 22 L27 26", 5) + path_s("M16 22 C20 14 26 12 31 13", 4)
    + path_s("M4 35 C8 31 12 31 16 35 C20 39 24 39 28 35 C32 31 36 31 40 35 C42 37 43 37 44 36", 3.5)
    + path_s("M4 43 C8 39 12 39 16 43 C20 47 24 47 28 43 C32 39 36 39 40 43", 3.5))


# The keyboard's delete key (not "back": it removes a letter, it does not
# leave the page), and translating (two speech bubbles, not the globe that
# chooses the language).
icons["backspace"] = (path_s("M17 10 H40 A3 3 0 0 1 43 13 V35 A3 3 0 0 1 40 38 H17 L5 24 Z", 3.5)
    + line(23, 18, 35, 30, 4) + line(35, 18, 23, 30, 4))
icons["translating"] = (path_f("M7 5 H27 A3 3 0 0 1 30 8 V21 A3 3 0 0 1 27 24 H15 L9 29 V24 H7 A3 3 0 0 1 4 21 V8 A3 3 0 0 1 7 5 Z")
    + path_s("M22 18 H41 A3 3 0 0 1 44 21 V34 A3 3 0 0 1 41 37 H39 V42 L33 37 H22 A3 3 0 0 1 19 34 V21 A3 3 0 0 1 22 18 Z", 3.5)
    + line(25, 27.5, 38, 27.5, 3))


# What's on: today (one day of the calendar), tomorrow (the next day: an
# arrow, mirrored in right-to-left languages), this week (a row of seven
# days). Signing up for an activity: a person with a tick.
icons["today"] = calendar_frame() + rect_f(16, 23, 16, 14, 2)
icons["tomorrow"] = (calendar_frame() + rect_f(11, 25, 9, 9, 1.5)
    + line(23, 29.5, 33, 29.5, 3.5) + pline([(29, 25), (34, 29.5), (29, 34)], 3.5))
icons["this-week"] = calendar_frame() + "".join(rect_f(9.5 + i * 4.3, 26, 3.4, 7, 0.8) for i in range(7))
icons["sign-up"] = person(17, 12.5, 7, 23, 43, 11.5) + pline([(28, 31), (34, 37), (45, 24)], 5)

def shift(body, dx, dy):
    return f'<g transform="translate({f(dx)} {f(dy)})">' + body + '</g>'
icons["touch"] = shift(icons["touch"], 3.5, 0)
icons["bicycle"] = shift(icons["bicycle"], 0, -1.5)
icons["giveaway"] = shift(icons["giveaway"], 0, -2)
icons["people-count"] = shift(icons["people-count"], -2.5, -0.5)

for name, body in icons.items():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">\n'
           + body.replace("/><", "/>\n<") + "\n</svg>\n")
    open(os.path.join(OUT, name + ".svg"), "w").write(svg)
print(len(icons))
