"""Short names for the catalogue's theme ids, shared by the scripts that label test data by hand
(label_findings.py, make_comments.py)."""
PR, ST, MI, HE = "plans-and-records", "stability", "missing-from-care", "health-histories"
LIVE, LIFE, PA, EDU = "somewhere-to-live", "life-story", "personal-advisers", "education-and-work"
DIS, PF, EXP, NDA = "disabled-children", "private-fostering", "exploitation", "neglect-and-domestic-abuse"
FC, WS, MO, IRO = "foster-carers", "workforce-stability", "management-oversight", "advocacy-and-iros"
SAFE, SP, FAM, SOC = "feeling-safe", "staying-put", "contact-with-family", "relationships-and-social"
INF, FR, EH, LEAD = "care-leavers-influence", "first-response", "early-help", "leadership"
MON, DW, VOICE = "money-and-independence", "direct-work", "being-listened-to"
