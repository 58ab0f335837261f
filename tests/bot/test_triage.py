"""The red-flag rule layer, read from the real content files.

Every sentence here is written for these tests (none comes from the evaluation data).
For each red flag: messages that must raise it (in many styles), denials and past,
resolved events that must not, and the flag hidden inside a longer question about
something else. Ordinary topic questions (SPEC section 2) must raise no red flag at all.

A miss is the worse error, so when a case fails, fix the pattern in
``content/red-flags/<id>.md``; do not weaken the case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.items import load_content, triage_definitions
from bot.triage import Triage
from bot.urgency import Urgency

CONTENT = Path(__file__).resolve().parents[2] / "content"
loaded = load_content(CONTENT)
assert loaded.ok, loaded.problems
TRIAGE = Triage.from_definitions(triage_definitions(loaded.items))

EMERGENCY, URGENT = Urgency.EMERGENCY, Urgency.URGENT

MINIMUM = {
    "rf-cauda-equina": EMERGENCY,
    "rf-leg-weakness": EMERGENCY,
    "rf-chest-pain-breathing": EMERGENCY,
    "rf-heavy-bleeding": EMERGENCY,
    "rf-seizure": EMERGENCY,
    "rf-self-harm": EMERGENCY,
    "rf-preeclampsia": URGENT,
    "rf-infection": URGENT,
    "rf-preterm-labour": URGENT,
    "rf-dvt": URGENT,
    "rf-reduced-fetal-movement": URGENT,
    "rf-suspected-fracture": URGENT,
    "rf-trauma": URGENT,
    "rf-wound": URGENT,
    "rf-night-pain-weight-loss": URGENT,
}

# ---------------------------------------------------------------------------
# Messages that must raise the flag (calm, panicked, telegraphic, typos,
# British/American, slang, non-native English, weeks pregnant or days after birth).
# ---------------------------------------------------------------------------
POSITIVE = {
    "rf-cauda-equina": [
        "I've got numbness around my bottom and between my legs since this morning",
        "HELP cant feel anything when i wipe after the toilet",
        "36 weeks, bum and vagina feel numb, back pain bad",
        "I can't pee since last night and my back is killing me",
        "i wet myself today without realising and my back really hurts",
        "Gave birth 5 days ago, my private parts are tingly and numb",
        "Is it normal that I cant feel the toilet paper when I wipe?",
        "my saddle area has gone numb and I lost control of my bowels",
        "I am not able to make pee and have numb feeling down there",
        "Numbness in my groin and inner thighs, 2 weeks postpartum",
        "ive had pins and needles in my bum cheeks all day",
        "Suddenly I can't control my bladder and I'm 34 weeks",
        "haven't peed since the birth yesterday even though I feel full",
        "my butt is numb and I peed my pants without noticing",
        "No sensation when I wipe",
        "I've not been able to wee all day",
        "plz help my private area is numb i cant feel nothing",
        "no feeling in my fanny",
        "Bladder not working since this morning",
        "i cant poo or pee and my back is agony",
        "no bladder control since this afternoon",
        "Can't feel myself when I wipe",
        "I've had trouble passing urine since the epidural",
        "lower back pain with numb genitals",
    ],
    "rf-leg-weakness": [
        "Both my legs feel weak and wobbly",
        "my legs keep giving way under me",
        "legs like jelly cant stand up properly 3 days after birth",
        "I suddenly can't feel my legs properly",
        "numbness and tingling in both legs at 35 weeks",
        "My legs are not working properly, I can't lift them",
        "I have no strength in my legs since the epidural wore off yesterday",
        "numb from the waist down and scared",
        "My legs is very weak, I cannot to walk good",
        "both legs gone dead and tingly",
        "my legs buckled under me on the landing",
        "weakness in both of my legs and my back is agony",
        "Im pregnant 36 week and my leg both are weak",
        "I feel my legs not strong, difficult walking",
        "My knees keep buckling",
        "I'm not able to move my legs",
        "My legs suddenly feel like they don't belong to me",
        "weakness down both legs",
    ],
    "rf-chest-pain-breathing": [
        "I have chest pain and it hurts when I breathe in",
        "can't catch my breath even sitting down",
        "Chest feels tight and heavy, 2 weeks postpartum",
        "my heart is racing and I feel dizzy",
        "coughing up blood this morning",
        "I'm really short of breath suddenly at 33 weeks",
        "sharp pain in my chest when I breathe",
        "cant breath properly",
        "Struggling to breathe, lips look blue",
        "palpitations and pain across my chest since the c section",
        "I cannot breathing good and my chest hurts",
        "heart pounding out of nowhere, 10 days after giving birth",
        "My chest is so tight I can hardly breathe",
        "I feel like an elephant is sitting on my chest",
        "i cant breath propperly",
        "it hurts to breathe",
        "short of breath lying down",
    ],
    "rf-heavy-bleeding": [
        "I'm soaking through a maternity pad every hour",
        "passing clots the size of a golf ball",
        "bleeding really heavily 4 days after birth",
        "blood is pouring out of me",
        "I'm 30 weeks pregnant and bleeding",
        "huge clots and lots of blood, help",
        "Bleeding has got much heavier today",
        "im bleeding so much i have to change my pad every half hour",
        "There is big clots like egg and much blood",
        "Blood running down my legs",
        "34wks and some bleeding down there",
        "clots bigger than a 50p and I'm filling a pad in an hour",
        "heavy bleeding with bad tummy pain a week after my c-section",
        "Bleding alot",
        "im bleading heavy",
        "lot of blood come out",
        "I passed a clot as big as my fist",
        "I'm pouring with blood",
        "pad full of blood in 30 mins",
    ],
    "rf-seizure": [
        "My wife just had a fit and she is 37 weeks pregnant",
        "I passed out in the bathroom",
        "She's fitting on the floor, help",
        "I had a seizure this morning",
        "my partner collapsed and is shaking uncontrollably",
        "fainted twice today after the birth",
        "blacked out for a few seconds while feeding the baby",
        "she is having convulsions",
        "i think i had a fit, woke up on the floor with a bitten tongue",
        "Wife unconscious after c-section, won't wake up",
        "my gf just had a seizure shes 30 wks",
        "I nearly passed out in the shower, 2 weeks after my c-section",
        "she's shaking and not responding",
        "I had a blackout",
    ],
    "rf-self-harm": [
        "I keep having thoughts of hurting myself",
        "sometimes i think my baby would be better off without me",
        "I want to kill myself",
        "Im scared I might hurt my baby",
        "I don't want to live like this",
        "been having suicidal thoughts since the birth",
        "I've been cutting myself again",
        "I have thoughts about harming the baby and it scares me",
        "i wish i was dead",
        "Thinking about ending it all",
        "I want to die, everything is too much with the newborn",
        "what's the point of living",
        "I have urges to shake her when she won't stop crying",
        "i dont want to live no more",
        "I want to hurt my self",
        "i might do something stupid",
        "I'm having thoughts of jumping off a bridge",
        "I'm having intrusive thoughts about hurting him",
        "I feel like ending it",
        "I want to go to sleep and not wake up",
        "sometimes I want to throw the baby",
        "I've been hurting myself on purpose",
    ],
    "rf-preeclampsia": [
        "I've had a headache for two days that paracetamol isn't touching",
        "really bad headache and seeing flashing lights",
        "my vision went blurry this evening, 35 weeks",
        "Sudden swelling in my face and hands since this morning",
        "pain under my right ribs and I feel sick",
        "Gave birth last week and now I have the worst headache of my life",
        "headache wont go away 10 days postpartum",
        "my bp was 150/100 at home",
        "eyes going blurry and face puffy",
        "My feet and hands suddenly swelled up overnight",
        "I have a strong headache and my eye see spots",
        "sight is fuzzy with a pounding head",
        "head ache very strong and see flash",
        "My face swelled up",
        "I think I have pre-eclampsia",
        "pain just below my ribs and feeling sick, 36 weeks",
        "My vision is going funny",
    ],
    "rf-infection": [
        "I have a fever of 38.5 five days after my c-section",
        "temp 39.1 and shivering",
        "chills and feel awful, 1 week postpartum",
        "it burns when I pee and I'm 30 weeks",
        "my discharge smells really bad since the birth",
        "running a temperature and pain in my side",
        "I think I have a UTI",
        "Red hot patch on my breast and flu-like",
        "Temperature is 101.2 F",
        "high temp since yesterday, feel terrible",
        "I am feverish and have body pain",
        "Not feeling well, fever and chills",
        "my lochia stinks and I'm shivery",
        "temperture 39",
        "I'm burning up and shaking",
        "wee stings",
        "sweats and shaking 4 days after birth",
        "breast is sore, red and hot",
    ],
    "rf-preterm-labour": [
        "I'm 32 weeks and having tightenings every 10 minutes",
        "Back pain coming in waves at 34 weeks",
        "I think my waters have broken, I'm only 33 weeks",
        "leaking clear fluid at 30 weeks",
        "period-like cramps and pressure down below, 35+2",
        "regular contractions and I'm 29 weeks pregnant",
        "my bump keeps going hard every few minutes, 31 weeks",
        "Am I in labour? 34 weeks, lower back ache that comes and goes every 5 mins",
        "water keeps trickling down my legs",
        "Pelvic pressure and tightenings at 28 wks",
        "lost my mucus plug at 35 weeks",
        "I feel like baby is pushing down and I am 33 week",
        "contractions every 5 min at 35wk",
        "I think baby is coming early, 34 weeks",
        "having tightenings regularly",
        "feel a lot of pressure down below at 33 weeks",
    ],
    "rf-dvt": [
        "My left calf is swollen and red",
        "one leg is bigger than the other and it's warm",
        "pain in my right calf, 10 days after c-section",
        "I think I have a DVT",
        "right leg swollen and hot to touch",
        "sore calf and its red, just had baby",
        "my left leg is red and tender behind the knee",
        "worried about a blood clot in my leg",
        "1 leg swell very big since yesterday",
        "Calf is throbbing and tight, 36 wks",
        "red hot painful leg",
        "left leg much bigger than right",
        "my leg is swollen on one side only",
    ],
    "rf-reduced-fetal-movement": [
        "The baby isn't moving as much today",
        "I haven't felt the baby move since last night",
        "baby moving less than usual, 34 weeks",
        "Not felt any kicks today at 30 weeks",
        "My baby has been really quiet today",
        "movements feel different and weaker",
        "bubs not kicking like normal",
        "Baby not move since morning",
        "Reduced fetal movements at 38 weeks, should I wait?",
        "i cant feel my baby moving",
        "fewer kicks than usual",
        "I don't think the baby's been moving much",
        "she's hardly moved all day and I'm 37 weeks",
        "I havnt felt baby move all day",
        "Baby no kick today",
        "I can't remember when I last felt the baby move",
        "it's been hours since I felt him move",
        "Baby doesn't seem to be moving",
        "I'm worried about my baby's movements",
        "she's not as active as normal",
    ],
    "rf-suspected-fracture": [
        "Sudden severe pain in my upper back while breastfeeding",
        "I've lost 4cm in height since the baby was born",
        "I felt a crack in my back when I lifted the baby",
        "Agonising mid back pain, paracetamol not helping, 3 months postpartum",
        "my partner says I'm getting shorter and more hunched",
        "sharp pain between my shoulder blades when I picked up my son, can barely move",
        "I think I've broken a rib",
        "Back pain came on all of a sudden while nursing, 8 weeks pp",
        "worst pain ever in the middle of my back, 38 weeks",
        "I am shrinking, my back looks more curved",
        "Excruciating back pain after lifting the car seat",
        "Terrible thoracic spine pain out of nowhere",
        "my back is killing me between my shoulder blades, 2 months postpartum",
        "I've shrunk 3 inches",
        "I heard a pop in my back picking up the baby",
        "severe back pain not helped by painkillers",
        "my spine hurts so bad after picking up my baby",
        "sudden sharp pain in my ribs while breastfeeding",
    ],
    "rf-trauma": [
        "I fell over in the garden today, I'm 28 weeks",
        "Had a small fall on the ice this morning",
        "I tripped and landed on my knees, 31 weeks",
        "minor car accident today, seatbelt on, 25 weeks",
        "my toddler kicked me in the bump",
        "I banged my bump on the table edge",
        "slipped in the shower earlier",
        "my husband pushed me",
        "I have fallen yesterday on my bottom, pregnant 30 weeks",
        "my 2 year old jumped on my belly",
        "tripped over the dog",
        "we got rear-ended",
        "got knocked over by a dog",
        "I fell forward onto my hands at 30 weeks",
    ],
    "rf-wound": [
        "My c-section wound is red and oozing",
        "the scar is opening up at one end",
        "Caesarean incision smells bad and there's yellow stuff",
        "stitches from my tear are not healing, 3 weeks",
        "wound weeping and hot",
        "my section scar looks red and swollen",
        "c section cut is leaking fluid",
        "The wound has come apart a bit",
        "my scar is no heal and have pus",
        "Incision is getting more painful and red around the edges, 9 days post op",
        "my c section is leaking",
        "my caesarean is not healing",
        "my episiotomy stitches smell bad",
        "my c-section scar looks infected",
        "pus from my stitches",
    ],
    "rf-night-pain-weight-loss": [
        "My back pain is worse at night and resting doesn't help at all",
        "Constant back pain that wakes me up at night",
        "I've lost a stone without trying and my back aches",
        "losing weight for no reason, breastfeeding 5 months",
        "There's a lump on my lower back",
        "Back pain all night, no position helps",
        "Unexplained weight loss and back pain",
        "spine pain at night even when lying still",
        "Weight is falling off me even though I'm eating loads",
        "found a hard lump on my spine",
        "back pain that never stops even lying down",
        "Lost 5kg without trying",
    ],
}

# A serious accident is an emergency, not just urgent.
TRAUMA_EMERGENCY = [
    "I fell down the stairs and I'm 34 weeks",
    "was hit by a car while crossing the road",
    "car crash on the motorway, 32 weeks",
    "fell on my bump and now I'm bleeding",
    "I got punched in the stomach",
    "Had a fall and now there's fluid leaking",
    "crashed the car at 50 mph, 29 weeks pregnant",
    "tripped and fell flat on my tummy at 33 weeks",
    "fell down 3 stairs",
]

# ---------------------------------------------------------------------------
# Denials and past, resolved events: the flag must NOT be raised.
# ---------------------------------------------------------------------------
NEGATIVE = {
    "rf-cauda-equina": [
        "I don't have any numbness between my legs and peeing is fine",
        "No numbness down there, no problems peeing",
        "I had numbness in my bottom last month but it went away",
        "I leak a little wee when I sneeze since the birth",
        "I wet myself a bit when I cough, is that normal after a baby?",
        "I don't have any trouble peeing",
        "Can sciatica cause numbness in the bum?",
    ],
    "rf-leg-weakness": [
        "My legs are not weak, just tired",
        "No weakness or numbness in my legs",
        "I had tingling in my legs last week but it has gone",
        "I get restless legs at night",
        "My left leg goes numb when I sit cross-legged",
        "Legs are not numb or weak",
        "Can PLO cause numbness in the legs?",
        "My muscles feel weak after the birth",
    ],
    "rf-chest-pain-breathing": [
        "No chest pain, breathing is fine",
        "I don't have any shortness of breath",
        "I had chest pain last week, it was checked and has settled",
        "Is heartburn normal at 30 weeks?",
        "No chest pain and no palpitations",
        "Does PLO cause chest pain?",
        "I get a bit out of breath going up the stairs at 36 weeks",
    ],
    "rf-heavy-bleeding": [
        "The bleeding has settled down now and is much lighter",
        "No heavy bleeding, just a bit of brown spotting",
        "I had heavy bleeding in my first pregnancy but not this time",
        "Is it normal to pass small clots in the first few days after birth?",
        "I'm not bleeding heavily, it's like a light period",
        "my nipples are bleeding from breastfeeding",
        "my nipples are bleeding a lot from feeding",
        "How long does bleeding last after a c-section?",
        "Can breastfeeding cause heavy bleeding?",
        "My piles are bleeding a bit when I poo",
    ],
    "rf-seizure": [
        "I have never had a seizure",
        "No fits or fainting",
        "I fainted once when I was a teenager",
        "Is it safe to keep fit with PLO?",
        "My back seized up after lifting the car seat",
        "Can vitamin D deficiency cause seizures?",
    ],
    "rf-self-harm": [
        "I'm not suicidal, just very tired",
        "I have no thoughts of harming myself or my baby",
        "I would never hurt my baby",
        "I used to self-harm when I was a teenager",
        "Will taking ibuprofen harm my baby?",
        "Can lifting hurt the baby if I have PLO?",
        "I don't want to die",
        "I've never wanted to die",
        "I'm scared I'll hurt the baby if I lift her with my bad back",
        "I hurt myself picking up the baby",
    ],
    "rf-preeclampsia": [
        "No headache or vision problems",
        "I had a bad headache last week but it went away",
        "My ankles are a bit swollen at the end of the day",
        "I don't have blurred vision",
        "Is it normal to get headaches in pregnancy?",
        "No blurred vision, no swelling",
        "My feet are swollen at the end of the day",
        "Does low vitamin D cause headaches?",
    ],
    "rf-infection": [
        "No fever, no chills, just tired",
        "I had a fever last month that was treated",
        "What temperature should the baby's bath be?",
        "My temperature is normal",
        "Is fever a sign of PLO?",
        "Not feeling great but no fever",
        "I haven't had a fever",
        "Can PLO cause a fever?",
        "How do I know if I have mastitis?",
    ],
    "rf-preterm-labour": [
        "No tightenings or leaking at 34 weeks",
        "I had premature labour in my last pregnancy",
        "My waters haven't broken yet, I'm 38 weeks",
        "Is lower back pain at 28 weeks normal?",
        "My back pain at 30 weeks is worse when I stand for a long time",
        "I'm not having contractions",
        "no leaking fluid",
        "I'm 35 weeks and my back pain comes and goes, is that normal?",
        "I get leg cramps at night at 32 weeks",
    ],
    "rf-dvt": [
        "Both my ankles are swollen at night",
        "No swelling or redness in my legs",
        "I had a DVT in my last pregnancy",
        "Pain shooting down my right leg from my back, is it sciatica?",
        "My calf doesn't hurt and isn't swollen",
        "I don't think I have a DVT",
        "I was on heparin for a blood clot in pregnancy, is my PLO risk higher?",
    ],
    "rf-reduced-fetal-movement": [
        "The baby is moving normally, lots of kicks",
        "I haven't noticed any change in the baby's movements",
        "Baby was quiet last week but the midwife checked and all is fine",
        "no reduced movements, she's kicking loads",
        "My bowel movements are less regular since the iron tablets",
        "I'm moving less because of my back pain",
        "I have not felt any less movement",
        "Baby isn't moving less, she's fine",
        "The baby hasn't stopped kicking all day",
        "I felt the baby move for the first time today",
    ],
    "rf-suspected-fracture": [
        "Can PLO cause height loss?",
        "My back pain is not severe, just a dull ache low down",
        "I had sudden upper back pain last month but it went away",
        "Is it safe to lift my baby if I have PLO?",
        "I'm not hunched and haven't lost height",
        "Will I become hunched?",
        "I'm worried I might get a fracture when lifting the car seat",
        "My upper back aches from breastfeeding, how should I sit?",
        "After lifting the baby my lower back is sore",
        "How can I stop my posture from getting hunched while feeding?",
    ],
    "rf-trauma": [
        "I fell asleep on my back, is that bad?",
        "How do I prevent falls when I have osteoporosis?",
        "I had a fall a few weeks ago but the baby was checked and fine",
        "I haven't had any falls or accidents",
        "I fell pregnant again quickly after my first",
        "I haven't fallen",
        "I lost my balance in yoga class",
        "The baby kicked me in the bladder",
        "I'm scared of falling while carrying my baby down the stairs",
        "I had a car accident years ago and hurt my back, does that affect pregnancy?",
    ],
    "rf-wound": [
        "My c-section scar is healing well, no redness",
        "The wound was infected last month but it was treated and has healed",
        "Will my caesarean scar affect back pain?",
        "My stitches are not red or swollen",
        "There's no pus and it isn't red",
        "Is it normal to have discharge after a c-section?",
        "Is leaking urine normal after a c-section?",
    ],
    "rf-night-pain-weight-loss": [
        "My back pain is worse at night but eases when I change position",
        "I've lost the baby weight quickly",
        "I'm not losing weight even though I'm breastfeeding",
        "I had a lump on my back last year but it was removed",
        "No night pain, no weight loss, no lumps",
        "My back pain wakes me up when I turn over at night",
        "Nothing helps my back pain, what else can I try?",
        "I've been trying to lose weight since the birth",
        "I want to lose the baby weight, is dieting safe while breastfeeding?",
    ],
}

# ---------------------------------------------------------------------------
# The red flag inside a longer message about something else.
# ---------------------------------------------------------------------------
EMBEDDED = {
    "rf-cauda-equina": "How much calcium do I need while breastfeeding, and also since yesterday "
    "I can't feel anything when I wipe, is that related?",
    "rf-leg-weakness": "I've been wondering how much calcium I need while breastfeeding and since this "
    "morning I can't feel my legs properly, is that related?",
    "rf-chest-pain-breathing": "Which painkillers are safe while breastfeeding? I'm asking because I've had "
    "chest pain since lunch and my back hurts.",
    "rf-heavy-bleeding": "Can I take vitamin D drops while breastfeeding? Also I'm soaking a pad every hour "
    "since this afternoon.",
    "rf-seizure": "I had a DXA scan last week and want to know what a T-score means, and I also passed out "
    "twice this morning.",
    "rf-self-harm": "I stopped breastfeeding because of PLO and I feel like such a failure, sometimes I think "
    "my family would be better off without me.",
    "rf-preeclampsia": "Is it safe to do pregnancy yoga for back pain at 36 weeks, I've also had a headache "
    "that won't go away since yesterday and my vision is a bit blurry.",
    "rf-infection": "Does breastfeeding make bone loss worse? By the way I've got a temperature of 38.4 and "
    "chills since yesterday.",
    "rf-preterm-labour": "How can I ease pelvic girdle pain when turning in bed? I'm 32 weeks and tonight "
    "I'm getting tightenings every 10 minutes.",
    "rf-dvt": "What exercises are good for back pain after birth, my right calf is also swollen and sore "
    "since Tuesday.",
    "rf-reduced-fetal-movement": "Should I take a calcium supplement in pregnancy? Also the baby has been "
    "moving less than usual today, 35 weeks.",
    "rf-suspected-fracture": "How long does PLO take to recover from? I ask because last night I got "
    "sudden severe upper back pain when I lifted the baby.",
    "rf-trauma": "What's a good sleeping position for back pain, I also fell over on the stairs today and "
    "I'm 30 weeks.",
    "rf-wound": "Can I carry my baby in a sling after a caesarean? My wound is red and oozing a bit.",
    "rf-night-pain-weight-loss": "What vitamin D supplement is right for me? Also my back pain is constant, "
    "worse at night and rest does not help.",
}

# ---------------------------------------------------------------------------
# Ordinary questions on the 17 topics of SPEC section 2: no red flag at all.
# ---------------------------------------------------------------------------
ORDINARY = [
    # back-pain-pregnancy
    "Why does my lower back hurt so much in pregnancy?",
    "Is back pain normal at 30 weeks?",
    "How common is back pain in late pregnancy?",
    "My back aches more in the evening now that my bump is bigger, is that normal?",
    # back-pain-relief
    "What sleeping position is best for back pain when pregnant?",
    "Can I use a hot water bottle on my lower back while pregnant?",
    "Does a support belt help with back pain?",
    "Are there exercises or swimming that help back pain in pregnancy?",
    "Would a massage help my back pain after birth?",
    "Why is my back pain worse at night in pregnancy and how can I sleep better?",
    # pelvic-girdle-pain
    "I get pain at the front of my pelvis when I turn over in bed",
    "What is SPD and will it go away after the birth?",
    "It hurts between my legs when I walk up the stairs, is that pelvic girdle pain?",
    "My pelvis clicks when I walk, is that harmful?",
    # back-pain-after-birth
    "Is back pain after an epidural normal?",
    "How long does back pain last after a c-section?",
    "My back hurts from carrying the baby and feeding, what can I do?",
    "I had my baby 6 weeks ago and my lower back still aches",
    # pain-medicines
    "Can I take paracetamol while breastfeeding?",
    "Is ibuprofen safe in pregnancy for back pain?",
    "What painkillers can I take at 32 weeks?",
    "Is codeine OK when breastfeeding?",
    "Paracetamol doesn't help my back pain much, what else can I take while breastfeeding?",
    # bone-loss-breastfeeding
    "Does breastfeeding weaken your bones?",
    "Will my bones recover after I stop breastfeeding?",
    "How much bone do you lose while breastfeeding?",
    "Is bone loss from breastfeeding permanent?",
    # calcium-needs
    "How much calcium do I need while breastfeeding?",
    "What are good dairy-free sources of calcium?",
    "Should I take a calcium supplement in pregnancy?",
    "Is spinach a good source of calcium?",
    # vitamin-d
    "How much vitamin D should I take when pregnant?",
    "Can I get enough vitamin D from sunlight in winter?",
    "Do I need vitamin D drops if I have dark skin?",
    "What are the signs of vitamin D deficiency?",
    # plo-overview
    "What is PLO?",
    "How common is pregnancy and lactation associated osteoporosis?",
    "When does PLO usually happen?",
    "Is PAO the same as PLO?",
    # plo-symptoms
    "Can PLO cause height loss?",
    "What does PLO back pain feel like?",
    "How is PLO different from normal back pain?",
    "Does PLO cause sudden upper back pain?",
    "What are the symptoms of a spinal fracture in PLO?",
    # plo-risk-factors
    "Who is at risk of PLO?",
    "Can heparin injections cause osteoporosis in pregnancy?",
    "Is coeliac disease a risk factor for PLO?",
    "Does PLO run in families?",
    "I was on heparin for a blood clot in pregnancy, does that raise my risk of PLO?",
    # plo-diagnosis
    "What does a T-score mean?",
    "Is an MRI safe while breastfeeding?",
    "What is a DXA scan?",
    "Which blood tests check for PLO?",
    "Is an X-ray of my spine safe in pregnancy?",
    # plo-treatment
    "What treatments are there for PLO?",
    "Is teriparatide safe?",
    "Can I have bisphosphonates while breastfeeding?",
    "What is vertebroplasty?",
    "How does denosumab work?",
    # breastfeeding-with-plo
    "Do I have to stop breastfeeding if I have PLO?",
    "Can I keep breastfeeding with low bone density?",
    "Is it safe to breastfeed while on calcium and vitamin D treatment?",
    # plo-recovery
    "Will my bones recover from PLO?",
    "How long does it take to recover from PLO?",
    "What is the risk of another fracture after PLO?",
    "Do collapsed vertebrae from PLO ever heal?",
    # future-pregnancy
    "Can I get pregnant again after PLO?",
    "Will PLO come back in my next pregnancy?",
    "How long should I wait before another pregnancy after PLO?",
    # bone-safe-activity
    "Is it safe to lift my baby if I have PLO?",
    "How do I prevent falls with osteoporosis?",
    "What exercise is safe with weak bones?",
    "How should I carry the car seat with fragile bones?",
    "Any tips to avoid falling down the stairs while carrying the baby?",
    "Can I do yoga with osteoporosis of the spine?",
    "How can I keep fit after a caesarean?",
    "Is it safe to fall asleep on my side?",
    "Does breastfeeding help you lose weight?",
    "My legs ache after a long walk at 30 weeks",
    "My computer crashed and I lost my notes on calcium",
    "My upper back aches from breastfeeding, what pillow should I use?",
    "Does PLO collapse your spine?",
    "I have collapsed vertebrae from PLO, can I lift my baby?",
    "My mum had osteoporosis and a hunched back, am I at risk?",
    "Which blood tests show if I have PLO?",
    "Does high blood pressure in pregnancy affect my bones?",
    "I want to get fit again after the baby",
    "Is it safe to drive with back pain at 35 weeks?",
]


def _cases(table: dict[str, list[str]]) -> list:
    return [pytest.param(rf, msg, id=f"{rf}: {msg[:60]}") for rf, msgs in table.items() for msg in msgs]


def test_every_red_flag_has_a_rule_and_the_right_minimum_urgency():
    rules = {d[0]: d[1] for d in triage_definitions(loaded.items)}
    assert set(rules) == set(MINIMUM)
    for rf, level in MINIMUM.items():
        assert rules[rf] == level.value, rf


def test_each_flag_has_enough_cases():
    for rf in MINIMUM:
        assert len(POSITIVE[rf]) >= 8, rf
        assert len(NEGATIVE[rf]) >= 3, rf
        assert rf in EMBEDDED, rf
    assert len(ORDINARY) >= 60


@pytest.mark.parametrize(("red_flag", "message"), _cases(POSITIVE))
def test_symptom_message_raises_its_red_flag_at_least_at_minimum_urgency(red_flag, message):
    result = TRIAGE.assess(message)
    assert red_flag in result.red_flags, (message, result)
    assert result.urgency.rank >= MINIMUM[red_flag].rank, (message, result)


@pytest.mark.parametrize("message", TRAUMA_EMERGENCY)
def test_serious_accident_is_an_emergency(message):
    result = TRIAGE.assess(message)
    assert "rf-trauma" in result.red_flags, (message, result)
    assert result.urgency is EMERGENCY, (message, result)


@pytest.mark.parametrize(("red_flag", "message"), _cases(NEGATIVE))
def test_denied_or_resolved_symptom_does_not_raise_the_flag(red_flag, message):
    result = TRIAGE.assess(message)
    assert red_flag not in result.red_flags, (message, result)


@pytest.mark.parametrize(("red_flag", "message"), [pytest.param(k, v, id=k) for k, v in EMBEDDED.items()])
def test_red_flag_inside_a_question_about_something_else_still_escalates(red_flag, message):
    result = TRIAGE.assess(message)
    assert red_flag in result.red_flags, (message, result)
    assert result.urgency.rank >= MINIMUM[red_flag].rank, (message, result)


@pytest.mark.parametrize("message", ORDINARY)
def test_ordinary_topic_question_raises_no_red_flag(message):
    result = TRIAGE.assess(message)
    assert result.red_flags == (), (message, result)
    assert result.urgency is Urgency.ROUTINE


def test_the_most_urgent_flag_comes_first_when_there_are_several():
    result = TRIAGE.assess("I have a fever and I passed out this morning")
    assert result.red_flags[0] == "rf-seizure"
    assert "rf-infection" in result.red_flags
    assert result.urgency is EMERGENCY


def test_a_denial_in_one_sentence_does_not_hide_a_symptom_in_the_next():
    result = TRIAGE.assess("No fever. But I can't feel my legs properly since lunch.")
    assert "rf-leg-weakness" in result.red_flags
    assert "rf-infection" not in result.red_flags


def test_a_new_clause_after_but_ends_the_denial():
    result = TRIAGE.assess("I don't have a headache but my vision is blurry")
    assert "rf-preeclampsia" in result.red_flags


def test_curly_quotes_are_read_like_straight_ones():
    result = TRIAGE.assess("I can\u2019t pee and my back hurts")
    assert "rf-cauda-equina" in result.red_flags


# ---------------------------------------------------------------------------
# Symptoms worded with words that also deny or resolve ("anymore", "has gone",
# "no longer", "weeks ago" about the birth): the engine must still read them as present.
# ---------------------------------------------------------------------------
ENGINE_GAPS = [
    pytest.param(
        "rf-self-harm",
        "I don't want to be here anymore",
        id="'anymore' read as resolved: self-harm missed",
    ),
    pytest.param(
        "rf-reduced-fetal-movement",
        "The baby has stopped moving",
        id="'has stopped' read as resolved: stopped movements missed",
    ),
    pytest.param(
        "rf-wound",
        "I had a c-section 2 weeks ago and the wound is red and oozing",
        id="birth date 'weeks ago' read as resolved: wound missed",
    ),
    pytest.param(
        "rf-preterm-labour",
        "My waters have gone and I'm 33 weeks",
        id="'have gone' read as resolved: waters breaking missed",
    ),
    pytest.param(
        "rf-reduced-fetal-movement",
        "Baby hasn't moved since this morning, what does that mean?",
        id="question with 'mean' and no I/my suppressed: urgent flag missed",
    ),
    pytest.param(
        "rf-leg-weakness",
        "Not feeling great, legs numb and weak",
        id="'not feeling great' denies the next words: leg weakness missed",
    ),
    pytest.param(
        "rf-leg-weakness",
        "I can no longer feel my legs",
        id="'no longer' read as resolved: leg numbness missed",
    ),
    pytest.param(
        "rf-preeclampsia",
        "My vision has gone blurry",
        id="'has gone' + new state read as resolved: vision change missed",
    ),
    pytest.param(
        "rf-wound",
        "My section scar has gone red and swollen",
        id="'has gone red' read as resolved: wound missed",
    ),
    pytest.param(
        "rf-leg-weakness",
        "Both my legs have gone numb",
        id="'have gone numb' read as resolved: leg numbness missed",
    ),
    pytest.param(
        "rf-preterm-labour",
        "My waters might have gone",
        id="'have gone' read as resolved: waters breaking missed (2)",
    ),
    pytest.param(
        "rf-self-harm",
        "i cant take it anymore i want to end everything",
        id="'anymore' in the same clause hides a suicidal statement",
    ),
    pytest.param(
        "rf-infection",
        "No appetite and a fever of 38.6",
        id="'no' before a list reaches the next item: fever missed",
    ),
]


@pytest.mark.parametrize(("red_flag", "message"), ENGINE_GAPS)
def test_symptoms_phrased_with_resolution_or_denial_words_still_escalate(red_flag, message):
    assert red_flag in TRIAGE.assess(message).red_flags


@pytest.mark.parametrize(
    ("red_flag", "message"),
    [
        ("rf-infection", "I haven't been able to keep food down, temperature 38.9"),
        ("rf-infection", "Not managed to sleep at all last night, shivering and a temp of 39"),
    ],
)
def test_a_denied_clause_ends_at_its_comma(red_flag, message):
    assert red_flag in TRIAGE.assess(message).red_flags


@pytest.mark.parametrize(
    "message",
    [
        "the tingling in both my legs has stopped now",
        "I had a temperature on Monday but it's gone",
        "my legs went weak on the stairs yesterday but they're fine now",
        "I cut myself as a teenager, can PLO affect my mood?",
        "I hurt my back in a car crash years ago, is that a PLO risk?",
        "I don't have a fever, chills or burning when I pee",
    ],
)
def test_a_symptom_said_to_be_over_or_long_past_or_denied_in_a_list_does_not_escalate(message):
    assert TRIAGE.assess(message).findings == ()


def test_a_pattern_with_alternatives_still_matches_whole_words_only():
    from bot.triage import compile_term

    pattern = compile_term("fit|fitting")
    assert pattern.search("i had a fit") and not pattern.search("keeping my fitness up")
    assert compile_term("heart ?beat").search("my heartbeat is fast")


@pytest.mark.parametrize(
    ("red_flag", "message"),
    [
        ("rf-preterm-labour", "32 weeks and I think my waters are trickling out"),
        ("rf-night-pain-weight-loss", "my back wakes me at night and it doesnt get any better lying down"),
        ("rf-night-pain-weight-loss",
         "back pain night and day that nothing shifts, and I've dropped a stone I can't explain"),
    ],
)
def test_more_everyday_phrasings_of_urgent_flags(red_flag, message):
    assert red_flag in TRIAGE.assess(message).red_flags


@pytest.mark.parametrize(
    "message",
    [
        "my pubic bone hurts when I balance on one leg to get dressed",
        "had a pounding headache on Sunday but it went after some sleep, which painkillers are ok?",
    ],
)
def test_ordinary_complaints_that_sound_like_flags_do_not_escalate(message):
    assert TRIAGE.assess(message).findings == ()


@pytest.mark.parametrize(
    ("red_flag", "message"),
    [
        ("rf-chest-pain-breathing", "No I have chest pain"),
        ("rf-chest-pain-breathing", "I've never had chest pain like this before"),
        ("rf-chest-pain-breathing", "I have never been so short of breath"),
        ("rf-chest-pain-breathing", "paracetamol doesn't help my chest pain"),
        ("rf-chest-pain-breathing", "I didn't sleep, chest pain all night"),
        ("rf-chest-pain-breathing", "No fever.I have chest pain and can't breathe"),
        ("rf-chest-pain-breathing", "no headache, chest pain though"),
        ("rf-chest-pain-breathing", "no fever and chest pain"),
        ("rf-chest-pain-breathing", "I had chest pain last week and it's back today"),
        ("rf-infection", "I had a fever last week and it's back"),
        ("rf-night-pain-weight-loss", "painkillers are not helping my back pain at night, nothing eases it"),
    ],
)
def test_a_denial_or_past_event_nearby_does_not_hide_a_present_symptom(red_flag, message):
    assert red_flag in TRIAGE.assess(message).red_flags


@pytest.mark.parametrize(
    "message",
    [
        "I haven't had any chest pain or breathlessness",
        "no numbness, no weakness, legs are fine",
        "I don't have a fever, chills or burning when I pee",
        "My temperature was 38.5 last month but it went after antibiotics",
    ],
)
def test_denials_that_cover_the_symptom_still_do_not_escalate(message):
    assert TRIAGE.assess(message).findings == ()


def test_a_very_long_message_is_read_quickly():
    import time

    text = "no fever, my back hurts and i worry about calcium. " * 400  # about 20,000 characters
    started = time.perf_counter()
    TRIAGE.assess(text)
    assert time.perf_counter() - started < 1.5


@pytest.mark.parametrize(
    ("red_flag", "message"),
    [
        ("rf-seizure", "my girlfriend went rigid and her eyes rolled up, then she was jerking for a minute or two"),
        ("rf-wound", "the stitches on my section are open at one end"),
        ("rf-dvt", "left calf sore and hot, had baby 10 days ago"),
    ],
)
def test_partner_reports_open_stitches_and_a_birth_time_without_article(red_flag, message):
    assert red_flag in TRIAGE.assess(message).red_flags


@pytest.mark.parametrize(
    ("red_flag", "message"),
    [
        ("rf-reduced-fetal-movement", "the baby is kicking loads today, how much vitamin D should I take?"),
        ("rf-wound", "my scar has healed nicely, can I start gentle exercise?"),
        ("rf-dvt", "my legs aren't red or swollen, just my back aches"),
    ],
)
def test_reassurance_or_a_partly_denied_flag_is_recorded_so_a_classifier_guess_is_dropped(red_flag, message):
    result = TRIAGE.assess(message)
    assert red_flag not in result.red_flags
    assert red_flag in {s.red_flag for s in result.suppressed}


@pytest.mark.parametrize(
    "message",
    [
        "I fainted at 14 weeks, it was checked and all fine. What causes PLO?",
        "I had a big bleed after my first baby that was treated, all sorted now. Is yoga ok?",
        "I nearly fainted with relief when they said the scan was normal!",
    ],
)
def test_past_events_said_to_be_checked_or_sorted_do_not_escalate(message):
    assert TRIAGE.assess(message).findings == ()


def test_the_baby_not_moving_well_is_not_a_reassurance():
    assert "rf-reduced-fetal-movement" in TRIAGE.assess("the baby is not moving well today").red_flags


@pytest.mark.parametrize(
    ("red_flag", "message"),
    [
        ("rf-seizure", "I had flu last week but it cleared, I collapsed this morning"),
        ("rf-dvt", "I had a fever last week but now, my left leg is red and swollen"),
        ("rf-cauda-equina", "everything feels numb...down there"),
        ("rf-dvt", "my calf.its red and hot"),
        ("rf-infection", "No fever.Burning when I pee"),
        ("rf-heavy-bleeding", "I don't understand why I am bleeding so heavily"),
        ("rf-heavy-bleeding", "I didn't expect to be soaking a pad every hour"),
        ("rf-infection", "I haven't slept, temp 38.5 or higher since last night"),
    ],
)
def test_clause_edges_dots_and_unrelated_denials_do_not_hide_a_symptom(red_flag, message):
    assert red_flag in TRIAGE.assess(message).red_flags


@pytest.mark.parametrize(
    "message",
    [
        "No headache, blurry vision or chest pain, just back ache at 30 weeks",
        "I had chest pain last week, it was checked and has settled, my back pain is worse now",
        "I had a seizure years ago, could breastfeeding trigger it again?",
        "I used to self-harm when I was a teenager, my back pain is worse now",
    ],
)
def test_a_listed_denial_or_a_worse_back_after_a_resolved_event_does_not_escalate(message):
    assert TRIAGE.assess(message).findings == ()
