"""Categories added from the development sets' misses, each in our own words (never an evaluation sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("message", "red_flag", "urgency"), [
    ("my partner's legs just won't do what she tells them since this morning", "rf-leg-weakness", "emergency"),
    ("mum took a funny turn on the landing and isn't answering me properly", "rf-seizure", "emergency"),
    ("she has epilepsy and had one last night, first since the baby", "rf-seizure", "emergency"),
    ("my daughter-in-law was hit by a car crossing the road, she is 30 weeks", "rf-trauma", "emergency"),
    ("there's blood coming, running down my leg, 33 weeks", "rf-heavy-bleeding", "emergency"),
    ("I have to stop to catch my breath walking to the kitchen, baby is 2 weeks old", "rf-chest-pain-breathing",
     "emergency"),
    ("I keep praying god takes me so they can have a better mum", "rf-self-harm", "emergency"),
    ("feels like the baby wants to come out, so heavy down there, 32 weeks", "rf-preterm-labour", "urgent"),
    ("the dog knocked into me and I went flat on my face, 28 weeks", "rf-trauma", "urgent"),
    ("I had a couple of accidents with my bowels this week and my back is killing me", "rf-cauda-equina",
     "emergency"),
    # Development set F (blind-f, read after its first run), in our own words:
    ("she got up off the sofa and there was blood trickling down her thighs, 6 days after the birth",
     "rf-heavy-bleeding", "emergency"),
    ("honestly kms, nobody would even notice", "rf-self-harm", "emergency"),
    ("been thinking of stepping out in front of a lorry on the school run", "rf-self-harm", "emergency"),
    ("my upper back went really painful out of nowhere last week, it's not getting better with paracetamol",
     "rf-suspected-fracture", "urgent"),
    ("my back keeps me up at night and nothing touches it", "rf-night-pain-weight-loss", "urgent"),
    ("stabbing pain below my right ribs at 37 weeks, and it's not like the usual kicks", "rf-preeclampsia", "urgent"),
    ("someone drove into our back bumper and my seatbelt tightened hard over the bump, 29 weeks", "rf-trauma",
     "urgent"),
    # Development set D again: misses the classifier used to catch and the rules never did.
    ("there is altered sensation around the perianal area since this afternoon", "rf-cauda-equina", "emergency"),
    ("it's hard to start a wee and my bottom feels strange since my back went", "rf-cauda-equina", "emergency"),
    ("while I was feeding the baby a pain came in my chest and went up my neck", "rf-chest-pain-breathing",
     "emergency"),
    ("I can't get my legs to move properly this morning, they feel like lead", "rf-leg-weakness", "emergency"),
    ("there's a voice in my head that says the baby would be better in the bath water", "rf-self-harm",
     "emergency"),
    # Development set H (blind-h, read after its first run), in our own words:
    ("when I drive to work I imagine swerving into the oncoming lorry", "rf-self-harm", "emergency"),
    ("in the bath last night I wanted to sink down and not come back up", "rf-self-harm", "emergency"),
    ("I've been having SI daily since my son was born", "rf-self-harm", "emergency"),
    ("what if I put a pillow over his face while he sleeps", "rf-self-harm", "emergency"),
    ("she had a tonic-clonic this afternoon, she's 31 weeks", "rf-seizure", "emergency"),
    ("in the queue the world went dark and they said I was out for a few seconds", "rf-seizure", "emergency"),
    ("since the spinal I can't tell when I need the toilet for a poo", "rf-cauda-equina", "emergency"),
    ("sudden LL weakness both sides, 3/52 postpartum", "rf-leg-weakness", "emergency"),
    ("very SOB even sitting down, 4 days after my section", "rf-chest-pain-breathing", "emergency"),
    ("obs say HR 135 and I feel awful, day 3 after the birth", "rf-chest-pain-breathing", "emergency"),
    ("my head has been pounding two days in a row and the pills aren't touching it", "rf-preeclampsia", "urgent"),
    ("sharp ache under my right breast going through to my back, 35 weeks", "rf-preeclampsia", "urgent"),
    ("pregnant with twins and I've only felt one of them kicking since lunch", "rf-reduced-fetal-movement",
     "urgent"),
    ("I can't remember the last time the baby moved properly, 33 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("baby has been pretty still all evening, 39 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("awful pain in my upper back since I lifted my daughter up on saturday and it's no better",
     "rf-suspected-fracture", "urgent"),
    ("I can't pick the baby up without agony in the middle of my back", "rf-suspected-fracture", "urgent"),
    ("I picked up my toddler and felt something snap in my back", "rf-suspected-fracture", "urgent"),
    ("my back wakes me every night, it does not matter how I lie, nothing eases it",
     "rf-night-pain-weight-loss", "urgent"),
    ("peeing feels like razor blades", "rf-infection", "urgent"),
    ("the cut from my caesarean has gunk seeping out", "rf-wound", "urgent"),
    ("I have not been able to pass urine all day and my back is agony", "rf-cauda-equina", "emergency"),
    # Development sets C to F on a second reading (misses only the classifier caught), in our own words:
    ("my eyes keep seeing little stars and my head aches, 34 weeks", "rf-preeclampsia", "urgent"),
    ("bump has been quiet all day", "rf-reduced-fetal-movement", "urgent"),
    ("I try to pee but nothing come out, back very sore", "rf-cauda-equina", "emergency"),
    ("I'm breastfeeding and I can't pee since yesterday, back aching", "rf-cauda-equina", "emergency"),
    ("my sister's car was rear-ended with me in the passenger seat, 32 weeks", "rf-trauma", "urgent"),
    ("the dog pulled me over on a walk, 30 weeks pregnant", "rf-trauma", "urgent"),
    # Development set J (blind-j, read after its first run), in our own words:
    ("I've been hoarding my tablets in the bathroom cabinet, can't say why", "rf-self-harm", "emergency"),
    ("I've started cutting again, just on my arms", "rf-self-harm", "emergency"),
    ("I lie next to him thinking about a cushion over his face", "rf-self-harm", "emergency"),
    ("yesterday I lose consciousness in the shop for a moment, 36 weeks", "rf-seizure", "emergency"),
    ("my wife collapsed and was jerking for a minute, baby is 4 days old", "rf-seizure", "emergency"),
    ("I leaked some poo on the sofa without noticing, 34 weeks and my back is bad", "rf-cauda-equina",
     "emergency"),
    ("when I wipe it feels like nothing down there, back sore for days", "rf-cauda-equina", "emergency"),
    ("a big gush of blood when I stood and clots like plums, day 4", "rf-heavy-bleeding", "emergency"),
    ("my heart is going so fast sitting on the sofa, 2 weeks after the birth", "rf-chest-pain-breathing",
     "emergency"),
    ("my sister is 33 weeks, her hands are suddenly puffy and she has a headache that will not shift",
     "rf-preeclampsia", "urgent"),
    ("I'm 38.6 and shivery, baby is 10 days old", "rf-infection", "urgent"),
    ("there's a hot wedge-shaped patch on my right breast", "rf-infection", "urgent"),
    ("the pain in my back is 9 out of 10 and ibuprofen does nothing", "rf-suspected-fracture", "urgent"),
    ("I fell at the bus stop this morning, 27 weeks", "rf-trauma", "urgent"),
    ("came off my horse yesterday, 20 weeks, bump is tender", "rf-trauma", "urgent"),
    ("there's a lump on my lower back I never noticed before", "rf-night-pain-weight-loss", "urgent"),
    ("my back is worst at night, lying still is agony", "rf-night-pain-weight-loss", "urgent"),
    ("I've lost an inch in height since the baby and my back hurts", "rf-suspected-fracture", "urgent"),
    # Development set L, in our own words:
    ("I feel so winded sitting on the sofa, it started this afternoon, baby is 9 days old",
     "rf-chest-pain-breathing", "emergency"),
    ("RFM since lunch, 35 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("my back aches nocturnally and the weight is dropping off me, baby is 5 months", "rf-night-pain-weight-loss",
     "urgent"),
    ("sudden agony high up in my back while nursing", "rf-suspected-fracture", "urgent"),
    ("she has pre-eclampsia and she just had a fit in the kitchen", "rf-seizure", "emergency"),
    ("I keep thinking about jumping off the multi-storey car park", "rf-self-harm", "emergency"),
    # Found by a reviewer: a fear, a short question, a scan or a piece of furniture must not hide these.
    ("so frightened I'll die, I can't get my breath and my chest feels crushed", "rf-chest-pain-breathing",
     "emergency"),
    ("whats the point of living anymore", "rf-self-harm", "emergency"),
    ("what does it mean if I'm coughing up blood", "rf-chest-pain-breathing", "emergency"),
    ("I want to die, I could barely get myself off the sofa today", "rf-self-harm", "emergency"),
    ("my calf is more swollen and red since the scan came back clear", "rf-dvt", "urgent"),
    ("my niece is 31 weeks and there's blood soaking through her jeans", "rf-heavy-bleeding", "emergency"),
    ("I can't breathe without someone holding me upright, baby is 5 days old", "rf-chest-pain-breathing",
     "emergency"),
    # Development set M and earlier sets, in our own words:
    ("my cousin had a convulsion in the kitchen just now, she gave birth on Tuesday", "rf-seizure", "emergency"),
    ("my best friend had a fit at lunch, she is 35 weeks pregnant", "rf-seizure", "emergency"),
    ("My girlfriend is 30 weeks. She feels loads of pressure down there, like something is coming",
     "rf-preterm-labour", "urgent"),
    ("27 week pregnant, so heavy down below like baby wants out", "rf-preterm-labour", "urgent"),
    ("braxton hicks are coming more often, 5 in an hour, I'm 31 weeks", "rf-preterm-labour", "urgent"),
    ("the baby is moving way less than normal today", "rf-reduced-fetal-movement", "urgent"),
    ("reduced FMs since breakfast, 36/40", "rf-reduced-fetal-movement", "urgent"),
    ("the wee one is kicking a lot less than yesterday", "rf-reduced-fetal-movement", "urgent"),
    ("3 weeks after the section and my scar is still open at one end", "rf-wound", "urgent"),
    ("my caesarean cut is not closing properly", "rf-wound", "urgent"),
    ("chest feels so tite, i cant ketch my breath", "rf-chest-pain-breathing", "emergency"),
    ("I tripped on the stairs this morning, when I was 15 I broke my arm as well", "rf-trauma", "urgent"),
    ("since I lifted the buggy on Friday there's a sharp pain mid back and it's not getting any better",
     "rf-suspected-fracture", "urgent"),
    ("since yesterday the poo comes out by itself and I can't stop it, my back is so sore", "rf-cauda-equina",
     "emergency"),
    ("I did not feel it coming out, I just found I had soiled my knickers, baby is 10 days", "rf-cauda-equina",
     "emergency"),
    ("quick one about vitamin D, also I can't seem to control when I need a wee since Sunday", "rf-cauda-equina",
     "emergency"),
    ("my back went suddenly a few days ago, sharp pain up high, and paracetamol does nothing", "rf-suspected-fracture",
     "urgent"),
    ("are practice contractions normal at 30 weeks? they've been getting closer together all evening",
     "rf-preterm-labour", "urgent"),
    ("she has hardly been kicking, I had a cold drink and lay on my side and still not much movement",
     "rf-reduced-fetal-movement", "urgent"),
    # Watching someone is witnessing her, and reading a thermometer is not reading a story:
    ("we watched her go stiff and shake on the floor for a minute", "rf-seizure", "emergency"),
    ("i have read the thermometer three times, 38.8, and I'm shivering", "rf-infection", "urgent"),
    # Found by a reviewer of this change: a film or the news around her own symptom, a comparison with
    # her childhood, an onset "ago", "ever since she had the baby" and a feeling that comes back.
    ("seeing the news tonight makes me want to end my life", "rf-self-harm", "emergency"),
    ("I was watching telly and realised the baby has hardly moved today", "rf-reduced-fetal-movement", "urgent"),
    ("we were watching a film when my toddler landed on my bump, 29 weeks", "rf-trauma", "urgent"),
    ("just watched a movie and now I have chest pain and can't get my breath", "rf-chest-pain-breathing",
     "emergency"),
    ("my calf swelled up about a fortnight ago and it's red and hot to touch", "rf-dvt", "urgent"),
    ("I have a pounding headache and flashing lights, the same as when I was a kid", "rf-preeclampsia", "urgent"),
    ("I'm having thoughts of ending it, like when I was 16", "rf-self-harm", "emergency"),
    ("my wife has been bleeding heavily with big clots ever since she had the baby last week",
     "rf-heavy-bleeding", "emergency"),
    ("both my legs went tingly last week and that feeling has come back today", "rf-leg-weakness", "emergency"),
    # Development set O, in our own words:
    ("my mum says she keeps keeling over when she stands up, 10 days after the birth", "rf-seizure", "emergency"),
    # An age is not a gestation:
    ("I am 38 years old and having contractions at 33 weeks", "rf-preterm-labour", "urgent"),
    ("34+5 and I've a pressure feeling low down", "rf-preterm-labour", "urgent"),
    ("my back is aching in waves that build up and then ease off, 32 weeks", "rf-preterm-labour", "urgent"),
    ("rhythmic cramps low in my belly today and I'm only 31 weeks", "rf-preterm-labour", "urgent"),
    ("i fall off my bike this morning, 28 weeks pregnant", "rf-trauma", "urgent"),
    ("scooter accident on the way to work, I'm 30 weeks", "rf-trauma", "urgent"),
    # "she had her baby last week" makes her the patient (a birth-time phrase must not hide that):
    ("my sister had a fit ten minutes ago, she had her baby last week", "rf-seizure", "emergency"),
    ("my sister had a c section ten days ago and now the scar is oozing", "rf-wound", "urgent"),
    ("my sister had c section 9 days ago, her wound is open and wet", "rf-wound", "urgent"),
    ("I had an episode of fainting this morning", "rf-seizure", "emergency"),
    # From the review of that change: what the narrower wordings must still catch.
    ("the episode this morning, chest so tight and I could not get my breath", "rf-chest-pain-breathing",
     "emergency"),
    ("33 weeks, feel sick in waves and tightenings every 10 minutes", "rf-preterm-labour", "urgent"),
    ("the pain comes in waves and I feel sick with it, 33 weeks", "rf-preterm-labour", "urgent"),
    ("was watching the new episode and then blacked out, 33 weeks", "rf-seizure", "emergency"),
    ("what if I just press the pillow over her face until the crying stops", "rf-self-harm", "emergency"),
    ("I'm 31 weeks, my first baby is 18 months old and this one has hardly moved today",
     "rf-reduced-fetal-movement", "urgent"),
    ("I'm 35+ weeks and there's lots of pressure down below", "rf-preterm-labour", "urgent"),
    ("had a headache for 48+ hours, I'm 34 weeks", "rf-preeclampsia", "urgent"),
    ("I'm 33 weeks, my toddler is 18 months old and the baby has hardly moved today", "rf-reduced-fetal-movement",
     "urgent"),
    ("my mother in law had to hold me up, I fainted twice this morning", "rf-seizure", "emergency"),
    # The condition's name said by someone who has it, beside a question about the word:
    ("the midwife thinks it could be eclampsia, she is shaking all over", "rf-seizure", "emergency"),
    ("what is eclampsia, my wife is having a fit right now", "rf-seizure", "emergency"),
    ("they think I have pre-eclampsia and my head is pounding", "rf-preeclampsia", "urgent"),
    # Phrases the rules read as denied or missed (found while checking the classifier's guesses):
    ("honestly no point carrying on, they would cope better without me", "rf-self-harm", "emergency"),
    ("not sure I want to live anymore, everything is grey", "rf-self-harm", "emergency"),
    ("I have epilepsy, well controlled. Had one today, a week after the birth", "rf-seizure", "emergency"),
    ("my back pain never lets up at night and I have lost weight without trying", "rf-night-pain-weight-loss",
     "urgent"),
    # Development set Q (blind-q, read after its first run), in our own words:
    ("I stood on the bridge and wanted to jump, I keep going back there", "rf-self-harm", "emergency"),
    ("I don't really want to be alive anymore, the baby would manage", "rf-self-harm", "emergency"),
    ("I'm not even sure I want to live", "rf-self-harm", "emergency"),
    ("no kidding, there's blood everywhere and huge clots, 4 days after the birth", "rf-heavy-bleeding",
     "emergency"),
    ("not exaggerating, she has soaked a pad in 30 minutes", "rf-heavy-bleeding", "emergency"),
    ("our car flipped on the dual carriageway, I'm 30 weeks, the paramedics are here", "rf-trauma", "emergency"),
    ("my spine aches most in the early hours, no position helps", "rf-night-pain-weight-loss", "urgent"),
    ("there's a lump that has appeared on my upper back, tender to touch", "rf-night-pain-weight-loss",
     "urgent"),
    ("at 33 weeks my bump pain builds up then eases, over and over", "rf-preterm-labour", "urgent"),
    # An "if" the midwife gave, then a short sentence saying it has happened:
    ("The midwife told me to phone if the bleeding soaked a pad within an hour. It just did.",
     "rf-heavy-bleeding", "emergency"),
    ("They said to come in if I got a bad headache with flashing lights. I have both now.", "rf-preeclampsia",
     "urgent"),
    # A headache that "doesn't go with" a painkiller stays; "doesn't" does not deny it:
    ("34 weeks, my headache doesn't go with paracetamol and my vision is blurry", "rf-preeclampsia", "urgent"),
    # A "no" answer is only a denial when it ends a plain statement, and once:
    ("Bleeding? Yes, soaking pads every hour. Chest pain? No.", "rf-heavy-bleeding", "emergency"),
    ("she is bleeding so much, no no no", "rf-heavy-bleeding", "emergency"),
    ("that's a lot of blood to lose after a birth, no? I've soaked 3 pads an hour", "rf-heavy-bleeding",
     "emergency"),
    # Someone who saw her is reporting her symptom:
    ("my cousin is 32 weeks pregnant and she fainted at the table", "rf-seizure", "emergency"),
    # An exception explains the mentions on its side of a "but" only:
    ("I nearly fell on the ice, but later I fell over in the kitchen, 30 weeks", "rf-trauma", "urgent"),
    ("thinking about jumping back into yoga but honestly I don't want to be here anymore", "rf-self-harm",
     "emergency"),
    # A past-event date belongs to what comes before it, not after:
    ("had my section back in October and now the scar is leaking pus", "rf-wound", "urgent"),
    ("the painkillers haven't sorted it, fever of 38.9 since yesterday", "rf-infection", "urgent"),
    # A real question answered "no" says the symptom goes on:
    ("Has the numbness between my legs worn off? No.", "rf-cauda-equina", "emergency"),
    ("Any point in carrying on? Nope.", "rf-self-harm", "emergency"),
    # A stock of pills and the thought of taking it; a high place and jumping; numbness said as a likeness:
    ("I counted all my tablets tonight and I keep thinking about taking them", "rf-self-harm", "emergency"),
    ("went up on the car park roof and wanted to jump, I came back down", "rf-self-harm", "emergency"),
    ("around my bottom feels wooden and strange since this morning", "rf-cauda-equina", "emergency"),
    # A lone question answered "no" is not a checklist: the "no" may correct it upwards or say it is new.
    ("Mild headache? No. It's the worst I've ever had and I'm seeing zigzags, 35 weeks", "rf-preeclampsia",
     "urgent"),
    ("Tightenings? No, they're proper contractions now, every 5 minutes at 33 weeks", "rf-preterm-labour", "urgent"),
    ("Chest pain? Nope. Crushing chest pain and I can't breathe.", "rf-chest-pain-breathing", "emergency"),
    ("Headache, yes. Blurred vision easing, no.", "rf-preeclampsia", "urgent"),
    ("she's soaking through a pad every half hour, no!", "rf-heavy-bleeding", "emergency"),
    ("Is the fever any lower with the paracetamol? No. Still 38.7.", "rf-infection", "urgent"),
    ("Does anyone bleed through a pad in an hour after a birth? Nope. I just did.", "rf-heavy-bleeding",
     "emergency"),
    ("the midwife said ring if the baby has gone quiet for a whole day. It's happening now.",
     "rf-reduced-fetal-movement", "urgent"),
    # Development set S, in our own words. Blood through the clothes she wears; when the baby came is not
    # when the bleeding was:
    ("blood has soaked through my pyjama bottoms onto the mattress, 4 days after the birth", "rf-heavy-bleeding",
     "emergency"),
    ("I'm bleeding through my leggings, I delivered last week, is that my period starting?", "rf-heavy-bleeding",
     "emergency"),
    # A list answered item by item in one sentence: a "no" answers its own item only.
    ("notes for the doctor: headache no, numb around my bottom yes, bladder fine", "rf-cauda-equina", "emergency"),
    ("quick update fever no, calf swollen and red yes", "rf-dvt", "urgent"),
    ("I said no, the bleeding is pouring out of me", "rf-heavy-bleeding", "emergency"),
    # Likenesses for pain passing urine; rest that changes nothing; onset out of nowhere; ribs down to the hips:
    ("every wee feels like knives and I'm going all the time", "rf-infection", "urgent"),
    ("peeing is agony, 29 weeks", "rf-infection", "urgent"),
    ("lying down makes no difference to the back pain at night", "rf-night-pain-weight-loss", "urgent"),
    ("pain high in my back came out of the blue two days ago, still feeding", "rf-suspected-fracture", "urgent"),
    ("my rib cage is practically resting on my hips these days, 6 months of breastfeeding", "rf-suspected-fracture",
     "urgent"),
    # A comparison with an earlier time says how it is now:
    ("my stitches hurt and they're redder than they were on Sunday", "rf-wound", "urgent"),
    ("the scar is puffy and the skin round it is hotter than last night", "rf-wound", "urgent"),
    # A wish not to wake is a thought of dying, not a woman who cannot be woken:
    ("lately I wish I would not wake up", "rf-self-harm", "emergency"),
    # "since last ..." says it began then and goes on; a medicine that stopped is not the symptom stopping:
    ("agonising pain between my shoulder blades since last Thursday, still nursing", "rf-suspected-fracture",
     "urgent"),
    ("right calf puffy, warm and sore to touch, a week after the birth, they stopped the heparin when I went home",
     "rf-dvt", "urgent"),
    ("I've lost 2 cm of height this month, and I've had fractures before", "rf-suspected-fracture", "urgent"),
    # Second review of this round, in our own words: "but it passed" speaks of the clause just before it; a
    # correction ends an answered list; waters leaking; a fetus that does not move, in learners' English:
    ("my calf is red and swollen, had a twinge in my side but it passed", "rf-dvt", "urgent"),
    ("numb around my bum no, actually yes, since this morning", "rf-cauda-equina", "emergency"),
    ("waters are leaking a bit, I'm 35 weeks", "rf-preterm-labour", "urgent"),
    ("baby no move since morning, i am 36 week", "rf-reduced-fetal-movement", "urgent"),
    ("upper back pain came out of nowhere on Tuesday, breastfeeding 5 months", "rf-suspected-fracture", "urgent"),
    # Development set T, in our own words: not being around much longer; a baby already shaken and the fear
    # of worse; PPH and millilitres lost; clinicians' words for headache and vision; "wee stings"; fluid that
    # gushed; a baby usually lively, quiet now; a kick with words between:
    ("no point asking about vitamins, I won't be around much longer", "rf-self-harm", "emergency"),
    ("I shook her too hard when she wouldn't settle and I'm scared I'll do worse", "rf-self-harm", "emergency"),
    ("query secondary PPH, lost about 300 ml in the last hour, day 10", "rf-heavy-bleeding", "emergency"),
    ("day 4 after the birth, headache not relieved by analgesia, some visual disturbance", "rf-preeclampsia", "urgent"),
    ("my wee stings and I keep needing to go, 31 weeks", "rf-infection", "urgent"),
    ("fluid gushed out of me when I bent down to the dishwasher, 34 weeks", "rf-preterm-labour", "urgent"),
    ("the baby is so quiet today and she usually goes wild at bedtime, 33 weeks", "rf-reduced-fetal-movement",
     "urgent"),
    ("my nephew kicked me hard right in the bump while I held him, 27 weeks", "rf-trauma", "urgent"),
    # "she had her baby" names the patient even when the time of the birth follows it:
    ("my daughter had a fit twenty minutes ago, she had her baby last week", "rf-seizure", "emergency"),
    # Development sets U and V, in our own words (narrowed after review r12): urine that will not come; not
    # feeling when the toilet is needed; breathing very hard or barely possible; a heart pounding out of the
    # chest or racing at rest; "very much" or "a great deal" of blood, a pad by the hour, a napkin; legs turned
    # to jelly (not with nerves); a calf cramp that never lets go, and weight that cannot be put on a leg; all
    # the tablets, or taking the lot; goodbye letters, not being around, fear of herself; losing consciousness
    # in learners' English, going down like a sack; pain at bedtime and rest not helping; weight said in
    # kilos; a bulge on the spine; sight not clear; RUQ; a headache since the afternoon; a pain coming every
    # few minutes, water coming from below before 37 weeks; the baby moving less, very few kicks, quiet today
    # or no response to a cold drink in a pregnancy; T12 and thoracolumbar, centimetres shorter; a bump that
    # hit something; an operation cut; erythema; pee that hurts; the birth last week is not the symptom's time:
    ("my wee just won't come and I haven't managed to pee since breakfast", "rf-cauda-equina", "emergency"),
    ("she can't feel when she needs the toilet any more, 2 weeks after the birth", "rf-cauda-equina", "emergency"),
    ("breathing is really hard even sitting on the sofa, 3 weeks postpartum", "rf-chest-pain-breathing",
     "emergency"),
    ("I can hardly breathe, sitting still with the baby", "rf-chest-pain-breathing", "emergency"),
    ("my heart feels like it's pounding out of my chest, 34 weeks", "rf-chest-pain-breathing", "emergency"),
    ("resting heart rate 145 bpm for an hour now, day 9 after the section", "rf-chest-pain-breathing", "emergency"),
    ("the bleeding is a great deal heavier than yesterday, 8 days after", "rf-heavy-bleeding", "emergency"),
    ("my sanitary napkin is full of blood every half hour since the birth", "rf-heavy-bleeding", "emergency"),
    ("both my legs turned to jelly on the landing and I sat down", "rf-leg-weakness", "emergency"),
    ("it's like a cramp in my left calf that never lets go, 10 days post section", "rf-dvt", "urgent"),
    ("I can't put weight on my right leg and the calf is puffy", "rf-dvt", "urgent"),
    ("keep thinking of taking my tablets, every single one of them", "rf-self-harm", "emergency"),
    ("I sat up writing goodbye letters to the children last night", "rf-self-harm", "emergency"),
    ("everyone would cope fine if I was not around, honestly", "rf-self-harm", "emergency"),
    ("I'm scared of what I might do when I'm alone with my thoughts", "rf-self-harm", "emergency"),
    ("my sister lost her consciousness in the kitchen a few minutes ago, she is 35 weeks", "rf-seizure",
     "emergency"),
    ("I went down like a sack of spuds while changing him, 2 weeks pp", "rf-seizure", "emergency"),
    ("my back pain is bad at bedtime and resting does not help at all, 5 months pp", "rf-night-pain-weight-loss",
     "urgent"),
    ("I lose 6 kg in 6 weeks without trying, I eat the same", "rf-night-pain-weight-loss", "urgent"),
    ("there's a bulge on my spine that wasn't there before", "rf-night-pain-weight-loss", "urgent"),
    ("since this morning my eyesight is all foggy, 36 weeks", "rf-preeclampsia",
     "urgent"),
    ("G2P1 at 35/40 with RUQ pain since lunchtime", "rf-preeclampsia", "urgent"),
    ("a headache since this afternoon, nothing touches it, 33 weeks", "rf-preeclampsia", "urgent"),
    ("my lower back tightens every 6 minute, 32 weeks", "rf-preterm-labour", "urgent"),
    ("some water is coming from down there, 30 weeks, I didn't wee", "rf-preterm-labour", "urgent"),
    ("baby moves less than normal today, 31 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("very few kicks since breakfast and I'm 34 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("29 weeks. Drank a cold drink and lay down, still nothing.", "rf-reduced-fetal-movement", "urgent"),
    ("she has been so quiet today. I am 36 weeks with my second", "rf-reduced-fetal-movement", "urgent"),
    ("sharp pain over T11 since carrying the pram, EBF 5 months", "rf-suspected-fracture", "urgent"),
    ("the nurse measured me and I am 3 cm shorter than before the baby", "rf-suspected-fracture", "urgent"),
    ("I slipped on the wet step and my bump hit the rail, 29 weeks", "rf-trauma", "urgent"),
    ("my operation scar is hot and leaking, day 6", "rf-wound", "urgent"),
    ("peeing hurts and I need to go all the time, 25 weeks", "rf-infection", "urgent"),
    ("heavy bleeding soaking a pad an hour, I gave birth last week", "rf-heavy-bleeding", "emergency"),
    ("my friend has a high temperature and chills, she gave birth last week", "rf-infection", "urgent"),
    # Development sets W and X, in our own words (narrowed after review r14): a bladder that stopped working,
    # bowels she cannot control, not knowing whether she needs the toilet; like a weight sitting on the chest,
    # fast shallow breathing, lips a bit blue, blood in the tissue after a cough, having to sit up to breathe
    # after the birth, chest pain with a hedged guess; a big bleed, a toilet filled with blood; legs turned to
    # jelly, numb from the hips down; going down in the shower, an epileptic attack; pills saved up; one leg or
    # calf in clinicians' words; stinging passing urine; weight lost without meaning to, rest that does nothing;
    # a headache nothing fixes; rhythmic back pain, pressure down below, waters that may have gone; not
    # noticing the baby move; pain between the shoulder blades; a hip that cannot take weight; a kick in the
    # belly; body parts written as emoji:
    ("my bladder has just stopped working, back is agony, 2 weeks postnatal", "rf-cauda-equina", "emergency"),
    ("she can't control her bowels since this afternoon and her back is killing her", "rf-cauda-equina", "emergency"),
    ("it feels like an elephant sitting on my chest, 5 days after the birth", "rf-chest-pain-breathing", "emergency"),
    ("my breathing is fast and shallow and my lips are a bit blue", "rf-chest-pain-breathing", "emergency"),
    ("I coughed and there is blood in the tissue, 30 weeks", "rf-chest-pain-breathing", "emergency"),
    ("since the birth I have to sit up to breathe at night", "rf-chest-pain-breathing", "emergency"),
    ("chest pains since lunch, probably just indigestion?", "rf-chest-pain-breathing", "emergency"),
    ("huge bleed on the loo just now, 12 days after my section", "rf-heavy-bleeding", "emergency"),
    ("both my legs have turned to jelly and I keep nearly falling", "rf-leg-weakness", "emergency"),
    ("numb from the hips down suddenly, both sides", "rf-leg-weakness", "emergency"),
    ("I just went down and hit my head in the kitchen, 3 weeks after the baby", "rf-seizure", "emergency"),
    ("she had an epileptic attack on the sofa, she is 34 weeks", "rf-seizure", "emergency"),
    ("I've got tablets saved up in my drawer", "rf-self-harm", "emergency"),
    ("unilateral leg swelling and erythema, day 5 postnatal", "rf-dvt", "urgent"),
    ("stinging when passing urine since yesterday, 33 weeks", "rf-infection", "urgent"),
    ("lost 6 kilos without meaning to since Christmas", "rf-night-pain-weight-loss", "urgent"),
    ("my back aches at night and resting does nothing, 7 months pp", "rf-night-pain-weight-loss", "urgent"),
    ("a headache that nothing fixes, 34 weeks", "rf-preeclampsia", "urgent"),
    ("my lower back pain is rhythmic, 33 weeks", "rf-preterm-labour", "urgent"),
    ("lots of pressure down below and I'm 31 weeks", "rf-preterm-labour", "urgent"),
    ("I think my waters may have gone, 35 weeks", "rf-preterm-labour", "urgent"),
    ("I haven't noticed him move since lunch and I'm 33 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("sharp stabbing pain between the shoulder blades after lifting her, still breastfeeding", "rf-suspected-fracture",
     "urgent"),
    ("my hip hurts and I suddenly can't put weight on that leg, 36 weeks", "rf-suspected-fracture", "urgent"),
    ("the cow kicked me in the belly this morning, 22 weeks", "rf-trauma", "urgent"),
    ("my left \U0001f9b5 is hot and swollen, the right is fine", "rf-dvt", "urgent"),
    # and for development sets Y and Z (2026-12-04):
    ("I've been putting my codeine by, saving up the sertraline too, just in case", "rf-self-harm", "emergency"),
    ("she's been hoarding her oxycodone in her bag", "rf-self-harm", "emergency"),
    ("I looked up how many of the diazepam would be too many", "rf-self-harm", "emergency"),
    ("I honestly can't see the point of going on, sorry", "rf-self-harm", "emergency"),
    ("i made a plan last night, i have not told anyone", "rf-self-harm", "emergency"),
    ("nine days after the birth and it's gushing out of me, soaked the towel", "rf-heavy-bleeding", "emergency"),
    ("about 400 ml lost since lunchtime, I measured with a jug", "rf-heavy-bleeding", "emergency"),
    ("my daughter's scar's opened up at one end and looks nasty", "rf-wound", "urgent"),
    ("my calf's gone fat and hot, the left one only", "rf-dvt", "urgent"),
    ("the home doppler is in the drawer, the bump has been quiet since breakfast", "rf-reduced-fetal-movement",
     "urgent"),
    ("I've had a headache since Saturday, 35 weeks", "rf-preeclampsia", "urgent"),
    ("I've dropped 5 kilos without trying since the spring, feeding the baby", "rf-night-pain-weight-loss",
     "urgent"),
    # and from review r15 of that round: what its first draft got wrong, in the reviewer's categories
    ("staying at my nan's for the week, soaked two pads in under an hour, 6 days after the birth",
     "rf-heavy-bleeding", "emergency"),
    ("I slipped on the ice and caught myself on my hands, 31 weeks", "rf-trauma", "urgent"),
    ("pain shot into my back then I felt a snap in my ribs after lifting the car seat, still breastfeeding",
     "rf-suspected-fracture", "urgent"),
    # and from the classifier-only catches the out-of-scope data experiment lost (development sets O, T, Y)
    ("I keep seeing myself throwing her over the landing rail, it scares me", "rf-self-harm", "emergency"),
    ("a tight ache behind the breastbone since I fed him this morning", "rf-chest-pain-breathing", "emergency"),
    ("my eyes went fuzzy at the shops and they still are, 36 weeks", "rf-preeclampsia", "urgent"),
    # and from review r16: what the narrowed round still got wrong, in the reviewer's categories
    ("I fell down the stairs and caught myself before the bottom step, 33 weeks", "rf-trauma", "emergency"),
    ("I weighed myself today, I've lost 7 kg in six weeks without trying", "rf-night-pain-weight-loss", "urgent"),
    ("how many nurofen would it take so I never wake up", "rf-self-harm", "emergency"),
    ("it's my plan b, I have a plan if the pain never stops", "rf-self-harm", "emergency"),
    # and from review r17: one side well denies nothing; a beach holiday hides no contractions
    ("my right calf is swollen and warm, the other one is fine", "rf-dvt", "urgent"),
    ("on a beach holiday at 32 weeks and the tightenings come every 6 minutes", "rf-preterm-labour", "urgent"),
    ("it wakes me at night, my back, and it doesn't matter what position I lie in", "rf-night-pain-weight-loss",
     "urgent"),
    ("carried my nephew up the hill and now my lower back has a sharp new pain that painkillers don't touch, "
     "breastfeeding", "rf-suspected-fracture", "urgent"),
    ("my girlfriend keeps saying she wants to jump, she hasn't slept since the baby came", "rf-self-harm",
     "emergency"),
    ("my mother-in-law rang: my wife told me she will jump, she is upstairs", "rf-self-harm", "emergency"),
    ("my lips have gone slightly blue since this morning, 4 days after the birth", "rf-chest-pain-breathing",
     "emergency"),
    ("is it bad if I blacked out for a minute in the shower this morning?", "rf-seizure", "emergency"),
    ("what would happen if I took my entire pack of sertraline tonight", "rf-self-harm", "emergency"),
    ("what happens if you take a whole pack of co-codamol late at night when everyone is asleep", "rf-self-harm",
     "emergency"),
    ("my bump becomes hard every little while and my lower back aches, 31 weeks", "rf-preterm-labour", "urgent"),
    ("cramps in a rhythm low in my back since lunch, 34 weeks", "rf-preterm-labour", "urgent"),
    ("my underwear keeps getting wet with something clear, 32 weeks", "rf-preterm-labour", "urgent"),
    ("the c-section cut looks redder and more swollen than last week", "rf-wound", "urgent"),
    ("there's a lump on my lower back that was not there last month, 5 months post birth",
     "rf-night-pain-weight-loss", "urgent"),
    # a whole flight of stairs however it is said, and being thrown by a horse: serious falls
    ("tumbled down all the stairs at my mum's this morning, 30 weeks", "rf-trauma", "emergency"),
    ("I slid off the kitchen stool onto the tiles, 33 weeks", "rf-trauma", "urgent"),
    ("the pony bolted and I got flung off the pony into the fence, 24 weeks", "rf-trauma", "emergency"),
    # Scots: "cannae", "ma heid", "ma hauns"
    ("I cannae lift ma legs oot the bed, both o them", "rf-leg-weakness", "emergency"),
    ("I didnae feel the baby kick at all yesterday and I'm 33 weeks, is that ok", "rf-reduced-fetal-movement",
     "urgent"),
    ("ma heid's been sair for three days, paracetamol does nothing, and ma hauns are swollen, 35 weeks",
     "rf-preeclampsia", "urgent"),
    ("went flying doon the stair wi the washing basket, 31 weeks", "rf-trauma", "emergency"),
    ("she was shaking for a minute and now she cannae mind any of it", "rf-seizure", "emergency"),
    # an idiom rewritten never hides the real signs beside it
    ("I was terrified stiff: she went rigid, jerked for a minute and didn't know where she was", "rf-seizure",
     "emergency"),
    ("two years seizure free and this morning I had a fit on the kitchen floor", "rf-seizure", "emergency"),
    ("she's not been seizure free since the baby, two fits this week", "rf-seizure", "emergency"),
    # not feeling the baby kick or move, with "do", "did" or "can"
    ("we're 36 weeks and I don't feel the baby wriggling like before, hardly anything since lunch",
     "rf-reduced-fetal-movement", "urgent"),
    ("couldn't feel bub kick all through the night shift, 30 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("I can't believe how much blood is coming out, it's through my jeans", "rf-heavy-bleeding", "emergency"),
    # Development set BC (blind-bc, read after its first run), by category, in our own words:
    # a relative who gave birth days or weeks ago is the patient; a collapse said after what came before it
    ("my sister had a seizure on the landing, three days after her delivery", "rf-seizure", "emergency"),
    ("my sister had a seizure in the garden, she's pregnant with her second", "rf-seizure", "emergency"),
    ("my cousin started shaking all over and then collapsed", "rf-seizure", "emergency"),
    # a fall from a height
    ("I fell off the ladder clearing the gutters, 31 weeks", "rf-trauma", "emergency"),
    ("fell off the step ladder, 2 metres up, at 27 weeks", "rf-trauma", "emergency"),
    ("she fell from the scaffolding at work, 24 weeks", "rf-trauma", "emergency"),
    # blood on the bed, said with the blood or with soaking through
    ("woke up and I'd bled right through onto the bed, 5 days after my section", "rf-heavy-bleeding", "emergency"),
    ("it has come through my pad and my pyjamas, through to the bed, 4 days after the birth", "rf-heavy-bleeding",
     "emergency"),
    # a new pregnancy ends an old event's reach; an exception holding a sign's words reads that sign alone
    ("I had a big bleed in my last pregnancy and now I'm pregnant again and bleeding heavily", "rf-heavy-bleeding",
     "emergency"),
    ("waking up stiff, then she was shaking all over with her eyes rolling back, 36 weeks", "rf-seizure",
     "emergency"),
    # review r40, outside its change: a fit told in two words, and "want die" in another language's grammar
    ("shes fitting and wont stop", "rf-seizure", "emergency"),
    ("she's fitting again now, third one today, 35 weeks", "rf-seizure", "emergency"),
    ("we were fitting the car seat base when she had a seizure", "rf-seizure", "emergency"),
    ("i just want die, nobody help me", "rf-self-harm", "emergency"),
    ("I want die, every day the same", "rf-self-harm", "emergency"),
    # blind-bs (fourteenth session): phonetic spelling, sign-language and learner's grammar, Scots, farm accidents
    ("been coffing up blood all morning and cant get my breath, 35 wks", "rf-chest-pain-breathing", "emergency"),
    ("she took a fit on the kitchen floor, 31 weeks", "rf-seizure", "emergency"),
    ("yesterday me faint in the shop. baby 2 month", "rf-seizure", "emergency"),
    ("my arms were shaking for 2 minutes and I can't remember it, 36 weeks", "rf-seizure", "emergency"),
    ("i cannot make wee since the morning and my back is sore, 30 weeks", "rf-cauda-equina", "emergency"),
    ("my mother in law loses control of her bladder since yesterday, 3 weeks after the section",
     "rf-cauda-equina", "emergency"),
    ("her legs no working since lunch, both numb, 9 month gone", "rf-leg-weakness", "emergency"),
    ("soaked thru 3 pads already and theres cloths like jelly, baby 10 days", "rf-heavy-bleeding", "emergency"),
    ("I think to take all pills from the cupboard tonight", "rf-self-harm", "emergency"),
    ("we got t-boned at a junction, airbag hit the bump, 33 weeks", "rf-trauma", "emergency"),
    ("the horse got me square in the belly and I cannot stand up, 26 weeks", "rf-trauma", "emergency"),
    ("weight go down 6 kilo and I do not diet, back hurts, breastfeeding 5 month", "rf-night-pain-weight-loss",
     "urgent"),
    ("back pain every night, lying down not help, wakes me at 4", "rf-night-pain-weight-loss", "urgent"),
    ("pee burn all day and I go every 10 minutes, 29 weeks", "rf-infection", "urgent"),
    ("lights flashing in my eyes since lunch with a headache, 34 weeks", "rf-preeclampsia", "urgent"),
    ("she fall on the ice on her belly this morning, 30 weeks", "rf-trauma", "urgent"),
    ("the bairn's no moved since teatime, 35 wks", "rf-reduced-fetal-movement", "urgent"),
    # a minimiser is no denial; another sentence saying the relative is pregnant makes her the patient
    ("probably not important but since this morning the baby is moving much less, 34 weeks",
     "rf-reduced-fetal-movement", "urgent"),
    ("My sister fainted in the queue an hour ago. She is 35 weeks pregnant.", "rf-seizure", "emergency"),
    ("my friend collapsed at lunch. she is 36 weeks pregnent", "rf-seizure", "emergency"),
    # twenty-fourth session: the new someone-else and past phrases leave her own symptom now
    ("my auntie passed out at the christening and so did I, I'm 33 weeks", "rf-seizure", "emergency"),
    ("my gran fainted at the shops and now I've blacked out twice myself", "rf-seizure", "emergency"),
    ("my cousin says I fainted in the kitchen this morning", "rf-seizure", "emergency"),
    ("my mum fainted at the party, she had my little sister a fortnight ago", "rf-seizure", "emergency"),
    ("i had fits when i was a toddler and today i had one again on the floor", "rf-seizure", "emergency"),
    ("vi una serie y de repente me desmayé en el sofá", "rf-seizure", "emergency"),
    ("no tengo ganas de comer, tengo fiebre de 39 y escalofríos desde anoche", "rf-infection", "urgent"),
    ("mi esposo dice que tengo fiebre y escalofríos", "rf-infection", "urgent"),
    ("hace dos semanas que tengo fiebre y escalofríos", "rf-infection", "urgent"),
])
def test_a_category_found_in_development_misses_escalates(triage, message, red_flag, urgency):
    result = triage.assess(message)
    assert red_flag in result.red_flags and result.urgency.value == urgency


@pytest.mark.parametrize("message", [
    "my lower back is stiff every morning when I wake up, any stretches?",
    "our cat had a seizure last week, the vet says she is fine; is sunshine enough for vitamin D?",
    "my husband fainted when he saw the needle, is that common?",
    "I soak a breast pad with milk every hour, does that take calcium from my bones?",
    "she kicks right up under my ribs and it's killing me, can she move lower?",
    "I had tightenings at 34 weeks, they monitored me and it all settled, nothing since",
    "I'm weak at the knees over this baby, how much calcium do I need?",
    "could you advise whether this needs attention: my back aches after feeding",
    "my knees felt numb from the spinal block but it wore off that evening; does a spinal cause back ache?",
    "I ran a temperature on monday but that has gone now, can I still have my calcium?",
    "nothing dramatic, my lower back is just stiff after the long drive",
    "I can't get my legs comfortable at night with this bump, which pillow helps?",
    "my chest feels tight and my nipples sting every time she feeds",
    # Development set H, in our own words:
    "my pelvic pain is hanging about even though baby is 4 months",
    "my mum says if I keep feeding I will end up with a hunched back like her",
    "I haven't lost any weight, just a bit stiff first thing",
    "our dog fell down the stairs yesterday, I'm fine, is calcium from spinach ok",
    "I saw a programme where a woman's legs went numb from a tumour",
    "I almost fainted when I saw the bill for the scan",
    "my son fell off his scooter but he's ok, can I lift him with osteoporosis",
    "I've been without pain for weeks and there's no numbness at all",
    "I'm 12 weeks and quiet in there, I can't feel the baby yet, is that normal?",
    "I put eye drops in but nothing came out of the bottle",
    # Development set J, in our own words:
    "how many ibuprofen can I take in a day for my back while feeding",
    "is it possible to overdose on calcium tablets",
    "my friend fainted at the wedding, too hot; which exercises are safe with osteoporosis?",
    "I'm a midwife, I deal with chest pain calls every shift; can I take ibuprofen while breastfeeding?",
    "the rugby final got my heart racing! do I need vitamin D drops in winter?",
    "I couldn't breathe from laughing at the baby's face, what foods have calcium?",
    "baby goes wild at night and calmer when I walk, same as always; any tips for sleeping with back pain?",
    "40 weeks and a few tightenings tonight, does back pain mean labour is starting?",
    "lochia is light pink now at 3 weeks, is the backache from the epidural?",
    "the baby has a temperature of 38.3, is that ok",
    # Development set L and earlier sets' false alarms, in our own words:
    "my little girl was poorly with a temperature at the weekend, she's better now",
    "my boobs go tight and rock hard before feeds, is that engorgement?",
    # Development set M and earlier sets, in our own words:
    "I broke my leg skiing when I was 14, does that raise my risk of osteoporosis now?",
    "my cousin had a seizure when she was pregnant years ago, could it happen to me?",
    "in a documentary the mum's waters went in a taxi and she gave birth there; is back ache normal?",
    "the clot scan was negative and my calf is back to normal now, is walking ok for my back?",
    "our son was born at 34 weeks and since the birth I've had a heavy feeling down below, is that a prolapse?",
    "she is 39 weeks and has lots of pressure down below, is that the baby engaging?",
    "a bit of wee comes out when I sneeze and I can't stop it, which pelvic floor exercises help?",
    "are braxton hicks normal at 39 weeks? they've been getting stronger tonight",
    "we watched a drama where the mother had a seizure after the birth, what is PLO?",
    "I had a bad headache last week but it stopped, and I started vitamin D drops, is that ok?",
    # Development set O, in our own words:
    "at 39+1 I get tightenings now and then, is a warm bath ok for my back?",
    "nausea in waves all morning, 12 weeks, is ginger safe?",
    "my sister in law had a swollen calf after her baby, mine are fine, can I walk a lot with PGP",
    "no point taking calcium tablets if I eat plenty of cheese, is there?",
    "so tired I could keel over, is it the breastfeeding taking my calcium?",
    "at no point did my legs go numb with the epidural, is the backache from it?",
    # "what if I" frames a frightening thought for the self-harm flag, and stays a what-if for the others:
    "what if I pass out while I'm driving with the baby?",
    "what if i start bleeding heavily when I'm home alone?",
    "what if my waters go while I'm at work, 30 weeks?",
    "I'm not sure I want to carry on breastfeeding with my bones like this",
    "my husband fell from the ladder, can I lift things for him at 30 weeks?",
    "my dad has epilepsy. He had one this morning; can it run in families?",
    "binge watching box sets, is sitting all day bad for my back at 30 weeks?",
    "my milk supply fell from 120ml to 60ml a feed, does calcium help?",
    "we went swimming in the waves at 34 weeks, is the sea ok for my back?",
    "my friend had a seizure after she had a c section, can it happen to anyone?",
    "what is eclampsia exactly? my midwife mentioned it at the booking appointment",
    "a character in my programme had a fit in labour. what's eclampsia?",
    "what does pre-eclampsia have to do with calcium tablets?",
    "I have epilepsy, my last one was years ago and none since; is vitamin D ok with my tablets?",
    # Development set Q, in our own words:
    "best ways to keep from tripping over the stairgate while carrying the baby?",
    "thinking about jumping back into netball, is it safe with low bone density?",
    "I had a kidney infection back in April with a high temperature, the antibiotics sorted it; is calcium ok now?",
    "The midwife said to look out for flashing lights and headaches. Also to book the glucose test. I just did.",
    "Up at 2 am and 5 am for feeds, my back aches all the time from it",
    "I'm thinking of taking them all at once with breakfast, calcium and iron, is that ok?",
    "the baby jumped so hard when we drove over the bridge",
    "the maternity pads feel like cardboard down there, are there softer ones?",
    "Fever? No. Stiff back? Yes. Can I use a heat pad?",
    "Shortness of breath, no. Heartburn, yes. What antacid is ok when breastfeeding?",
    "my neck and shoulders ache from hunching over to breastfeed, any stretches?",
    "if my waters go early, what should I do? asking because my sister's did",
    "Any chest pain? Nope. Breathless? Nope. Just my lower back, which stretches help?",
    "Burning when I wee? No. Fever? No. Only a stiff back after the feeds.",
    "If I get a fever after the section, do I ring? I have now read the leaflet.",
    "what if my legs went numb during labour? it has happened to my sister",
    "my back pain always builds up then eases off when I lie flat, 4 months postpartum",
    # Development set S, in our own words:
    "milk leaked through my top at the shops, does feeding this much drain my calcium?",
    "fever no, chest pain no, just a sore back; which cushion helps?",
    "my lower back hurts more than the section scar does now, is that usual?",
    "my ribs are sore to touch and my hips ache from carrying her, normal?",
    "I bled through my jeans once last year with a heavy period, can that happen with PLO?",
    "hours at the changing unit every day and my lower back is sore, any tips?",
    "a sharp twinge in my back when I coughed but it went within seconds and I'm fine, 30 weeks",
    # and the near misses a reviewer found for this round's phrases, in our own words:
    "my ankles are puffy since the caesarean, is that normal?",
    "can I have a warmer bath now my stitches are healing?",
    "the baby spat up through my nightie, my bleeding is light now",
    "my nipples feel like broken glass when she latches",
    "had a kidney infection last spring that was worse than labour, all cleared now",
    "the baby kicks my ribs and pushes down on my hips all evening",
    "got hiccups out of nowhere and my upper back is a bit stiff from feeding",
    "my back aches in bed but lying down makes no difference to my sleep",
    # Development false alarms of earlier sets, in our own words: a year or an age long past, height lost to
    # known fractures, a baby already born, night sweats put down to hormones:
    "I had a clot in my calf in 2018 and now I'm on heparin injections, will that thin my bones?",
    "I passed out once when I was 15 at a concert, is an MRI safe?",
    "I lost 4cm from my fractures, will the height ever come back?",
    "my 3 month old is so quiet today, just sleepy? can I carry her in a sling with PLO?",
    "my night sweats are hormonal according to the midwife, no fever. is calcium enough?",
    # Second review of this round, in our own words:
    "my scar is healing well but my feet are swelling in the evenings, normal?",
    "I was so tired I could not wake up for the 3am feed, is that the breastfeeding?",
    "a nosebleed dripped through my nightie last night, can vitamin C help?",
    "I had mastitis in March, but it cleared and I'm fine; do I need more calcium?",
    "I had a fever of 38.4 last Monday but I've been fine since Wednesday",
    # Development set T, in our own words:
    "I hoped the backache would disappear after the birth, why hasn't it?",
    "nearly passed out at the price of the pushchair, is the cheap one safe for my back?",
    "my 4yo has a temperature of 38.9, can I still take my calcium?",
    "the midwife checked for pre-eclampsia at my appointment, all normal; can I do yoga?",
    "what is a PPH and does PLO make it more likely?",
    # and what the review of those phrases found, in our own words:
    "my husband won't be around much longer in the mornings, he starts nights, tips for my back?",
    "I lost 600 ml at the birth according to my notes, is that why I'm tired?",
    "the baby's wee stings her bottom when she has nappy rash, what cream?",
    "the kettle gushed out boiling water, 30 weeks, thankfully missed me",
    "the baby kicked me hard in the bump all evening, so active tonight",
    # and for development sets U and V, in our own words:
    "I was breathless with excitement at the scan, is swimming good for my back?",
    "a friend of mine has a swollen ankle from her flight, is flying safe for me at 20 weeks?",
    "I bled a lot at the birth last week and had a transfusion, I feel fine now",
    "my partner fainted when the baby was born last week, he is fine now; any tips for my back?",
    "I'm hunched over feeding all day, what stretches help my back?",
    "I've lost 4 kg since the birth, I guess that's expected; is breastfeeding bad for my bones?",
    "we watch One Born Every Minute every week, is it normal to feel scared of the birth at 30 weeks?",
    "I fell when I was 10 weeks, all checked and fine, can I lift my toddler now?",
    "I want to lose 5 kg of baby weight, is it safe while breastfeeding?",
    # and for development sets W and X:
    "my heart goes out to every mum with a bad back, what belt do you recommend?",
    "the chest pain I had last month was heartburn and Gaviscon sorted it, is ibuprofen ok?",
    "at a wedding the bride fainted, anyway is calcium good for bones?",
    "my pelvis hurts so much with SPD I can't put weight on that leg some days, tips?",
    # and for development sets Y and Z:
    "how many weeks would it take for vitamin D tablets to work?",
    "we keep plenty of paracetamol stashed out of reach of the kids",
    "I've been saving up breast milk in the freezer for when I go back to work",
    "no signs of anything worrying, I'd just like to have a plan ready in case the back pain flares up",
    "my milk is gushing out of me when he unlatches, is that normal?",
    "I lost 450 ml at the birth, will that affect my bones?",
    "the bump is kicking all day long at 32 weeks, is my back pain normal?",
    "I stumbled on the kerb but caught myself on a lamp post, nothing hit, 28 weeks. Tips for balance?",
    "my nan's back curved over the years from osteoporosis; could that happen to me?",
    "the blurry eyesight I was worried about turned out to be a need for new glasses. Is vitamin D safe?",
    "I had a small bleed years ago, back then it scared me; now I just want to know about calcium",
    "which thermometer should I buy in case I get a fever after the birth?",
    "my little boy fell off my shoulders at the park, he is fine, can I carry him like that with PGP?",
    "the colostrum is gushing out of me at 37 weeks, is that normal?",
    "I've saved up for a new pram, and I take my iron tablets every morning",
    "how many tablets of co-codamol a day would be too many for my back while breastfeeding?",
    "my thoughts go fuzzy when I'm this tired, is that normal with a newborn?",
    "I'll drop him over to his nan's tomorrow so I can rest my back",
    "reflux pain behind my breastbone after dinner, gaviscon helps",
    "his feet push right up behind my breastbone at 36 weeks, any position tips?",
    "how many ibuprofen can I take a day for my back while feeding?",
    "I've stashed ibuprofen in every room so I'm not climbing the stairs with my back",
    "I lost 4 kg in the last month of my pregnancy, is that why my back hurts?",
    "my friend had a c section 3 years ago and her scar still aches; does that happen to everyone?",
    "my heart was racing with excitement when they put her on my chest",
    "my lips went purple from a blackcurrant ice lolly, is that ok at 30 weeks?",
    "33 weeks and my knickers are wet with sweat in this heat, any tips for back ache?",
    "what happens if you take a whole pack of vitamin D tablets by accident over a week?",
    "my daughter says she wants to jump on the trampoline, can I lift her with my back?",
    "I had a bad headache with flashing lights on Monday but it has been fine since",
    "my sister said she would jump in and do the night feed so I can rest my back",
    "I almost passed out laughing at my husband's dance moves, any tips for pelvic pain?",
    "what happens if you take calcium with iron, does it stop working?",
    "I cannae get the hang of the breast pump, does pumping take calcium from my bones too?",
    # idioms with a seizure's words
    "I'm frightened stiff of needles, is the bone scan done with an injection?",
    "I went rigid with panic when the consultant said the word fracture, what does a Z score mean?",
    "I can't feel her kicking yet at 18 weeks, is that normal with an anterior placenta?",
    # blind-bc's categories: a bed with no blood, a soap, a new pregnancy, waking stiff, pain not eased by tablets
    "it aches when I roll over on the bed at night, 29 weeks, is that my pelvis?",
    "a character in the soap opera had a fit in labour, how rare is that really?",
    "we spent the morning fitting the car seat base, is lifting it bad for PLO?",
    "my jeans are fitting again at 6 weeks pp, does that mean my pelvis has healed?",
    "she is fitting the car seat base in the back, is lifting it bad for my back?",
    "can i want die my hair while breastfeeding",
    "most days I am waking up stiff in the lower back, 33 weeks, what stretches help?",
    "my back ache is not responding to paracetamol, can I take something stronger at 30 weeks?",
    # blind-bs's categories: another body part bleeding, a heavy heart, an animal, a checked lump, falls prevented
    "my nose is bleeding a lot in this dry heat, is a saline spray ok while breastfeeding?",
    "I have had a heavy heart all week since the scan, what does a Z score of -2 mean?",
    "the dog has got a swollen leg from a thorn, can I still walk her at 30 weeks with my back?",
    "the GP checked the lump on my shoulder blade and said it is just a cyst, can I have a massage for my back?",
    "how do I stop me falling on the stairs with fragile bones after PLO?",
    "the baby is definitely not moving less, kicking all day, what helps my back at night?",
    "I fainted after my second baby, but that was years ago. Is back pain in this pregnancy normal?",
    "I watched a drama where one of the mothers took a fit, can that happen from low calcium?",
    "my friend had a fit at her wedding years ago. I am 30 weeks, can I get a back massage?",
    # a pregnancy said in another sentence makes only a woman who may be pregnant the patient (review r59)
    "My brother had a seizure at work yesterday. She is 30 weeks, his wife, and asking if back pain is normal.",
    "I had my baby last night. Our cat had a fit this morning, should I call the vet?",
])
def test_a_near_miss_of_those_categories_does_not(triage, message):
    assert triage.assess(message).red_flags == ()


def test_the_rules_alone_are_measured_on_a_labelled_file(tmp_path: Path):
    import io

    from bot.evaluate import rules_figures

    labelled = tmp_path / "set.yml"
    labelled.write_text(
        "items:\n"
        "- {text: 'my chest is crushing and I cannot breathe', urgency: emergency, red_flag: rf-chest-pain-breathing}\n"
        "- {text: 'my calf is hot and swollen on one side', urgency: urgent, red_flag: rf-dvt}\n"
        "- {text: 'how much calcium do I need', urgency: routine, topic: calcium-needs}\n"
        "- {text: 'I can not feel my legs and I have wet myself', urgency: routine, topic: null}\n")
    out = io.StringIO()
    counts = rules_figures(labelled, ROOT / "content", out)
    assert counts == {"emergency": (1, 1), "urgent": (1, 1), "routine": (1, 2)}
    assert "calcium" not in out.getvalue()  # counts only, never a message


def test_the_wound_not_a_vaginal_discharge_when_pus_comes_from_the_scar(triage):
    result = triage.assess("there is pus coming out of my caesarean scar")
    assert result.red_flags == ("rf-wound",)


def test_a_past_event_reaches_over_but_only_when_its_subject_points_back(triage):
    assert triage.assess("my legs went numb but it wore off").red_flags == ()
    assert "rf-leg-weakness" in triage.assess("my legs are numb but the fever has cleared").red_flags


def test_the_writers_own_body_ends_someone_elses_story(triage):
    assert triage.assess("my friend's legs went numb after her epidural").red_flags == ()
    assert "rf-leg-weakness" in triage.assess("carrying my toddler upstairs my legs gave way under me").red_flags


def test_two_denials_in_one_clause_affirm_and_one_still_denies(triage):
    assert "rf-suspected-fracture" in triage.assess("she can't sit up without screaming, the pain is in the middle "
                                                    "of her back").red_flags
    assert triage.assess("no fever, I'm fine without paracetamol").red_flags == ()


def test_an_exception_before_but_does_not_explain_away_what_follows(triage):
    assert "rf-heavy-bleeding" in triage.assess("it was only spotting yesterday, but now blood is pouring down "
                                                "my legs").red_flags
    assert triage.assess("there's some blood on the pad but it's only spotting, is that ok").red_flags == ()


def test_an_emergency_exception_explains_only_the_words_near_it():
    from bot.context import ContextError, ContextRules
    from bot.triage import Triage, build_rule

    data = yaml.safe_load((ROOT / "content" / "red-flags" / "context.yml").read_text(encoding="utf-8"))
    data["emergency_exception_reach"] = 4
    exceptions = {"tight chest": ["nursing"]}
    emergency = build_rule("rf-chest-pain-breathing", "emergency", {"tight chest": ["tight chest"]}, [["tight chest"]],
                           exceptions=exceptions)
    urgent = build_rule("rf-infection", "urgent", {"tight chest": ["tight chest"]}, [["tight chest"]],
                        exceptions=exceptions)
    far = "a tight chest that came on while we were out walking the dog before nursing"
    near = "a tight chest before nursing"
    assert Triage([emergency], ContextRules.from_data(data)).assess(far).red_flags == ("rf-chest-pain-breathing",)
    assert Triage([emergency], ContextRules.from_data(data)).assess(near).red_flags == ()
    # an urgent flag's exception still reaches the whole sentence, and without a reach so does an emergency's
    assert Triage([urgent], ContextRules.from_data(data)).assess(far).red_flags == ()
    del data["emergency_exception_reach"]
    assert Triage([emergency], ContextRules.from_data(data)).assess(far).red_flags == ()
    for bad in (0, "ten", True):
        with pytest.raises(ContextError, match="emergency_exception_reach"):
            ContextRules.from_data({**data, "emergency_exception_reach": bad})


def test_a_context_named_before_an_emergency_does_not_reach_it_over_a_comma():
    from bot.context import ContextError, ContextRules
    from bot.triage import Triage, build_rule

    data = yaml.safe_load((ROOT / "content" / "red-flags" / "context.yml").read_text(encoding="utf-8"))
    data["emergency_comma_ends"] = ["historical", "other_person"]
    emergency = build_rule("rf-heavy-bleeding", "emergency", {"gushing": ["gushing"]}, [["gushing"]])
    urgent = build_rule("rf-wound", "urgent", {"gushing": ["gushing"]}, [["gushing"]])
    rules = ContextRules.from_data(data)
    for text in ("a big bleed with my first daughter, gushing through a towel",
                 "my friend came round, gushing everywhere"):
        assert Triage([emergency], rules).assess(text).red_flags == ("rf-heavy-bleeding",)
        assert Triage([urgent], rules).assess(text).red_flags == ()  # an urgent flag keeps the wide reading
    # no comma: still the past; named after the words, a past event reaches back over a comma
    assert Triage([emergency], rules).assess("with my first daughter it was gushing").red_flags == ()
    assert Triage([emergency], rules).assess("gushing after the first birth, all settled years ago").red_flags == ()
    del data["emergency_comma_ends"]
    text = "a big bleed with my first daughter, gushing through a towel"
    assert Triage([emergency], ContextRules.from_data(data)).assess(text).red_flags == ()
    for bad in (["past"], "historical"):
        with pytest.raises(ContextError, match="emergency_comma_ends"):
            ContextRules.from_data({**data, "emergency_comma_ends": bad})


def test_the_content_keeps_a_present_emergency_after_a_past_event_and_a_comma(triage):
    assert "rf-chest-pain-breathing" in triage.assess(
        "I was treated for a clot in my lung back in 2021, crushing chest pain and I can't get my breath").red_flags
    assert "rf-heavy-bleeding" in triage.assess(
        "my mum is sitting with me, I have filled two maternity pads with blood in forty minutes").red_flags
    assert triage.assess("I had a big bleed at my first birth, all fine since").red_flags == ()


def test_the_content_reads_a_far_off_feeding_as_no_excuse_for_a_chest_pain(triage):
    assert "rf-chest-pain-breathing" in triage.assess(
        "my chest has hurt on the left side since lunchtime and gets worse whenever I breathe in deeply, even while "
        "I sit quietly breastfeeding").red_flags
    assert triage.assess("my chest feels tight and full before feeding").red_flags == ()


def test_a_concept_marked_anywhere_counts_from_another_sentence_only_for_that_trigger():
    from bot.context import ContextRules
    from bot.triage import RuleError, Triage, build_rule

    rule = build_rule("rf-preterm-labour", "urgent",
                      {"pressure": ["pressure down below"], "early": ["30 weeks"]},
                      [{"concepts": ["pressure", "early"], "anywhere": ["early"]}])
    triage = Triage([rule], ContextRules.from_content(ROOT / "content"))
    assert triage.assess("She is 30 weeks. She has pressure down below.").red_flags == ("rf-preterm-labour",)
    assert triage.assess("She is 30 weeks. Nothing else to say.").red_flags == ()
    assert triage.assess("She was never 30 weeks. She has pressure down below.").red_flags == ()
    with pytest.raises(RuleError, match="anywhere"):
        build_rule("rf-preterm-labour", "urgent", {"pressure": ["pressure"], "early": ["30 weeks"]},
                   [{"concepts": ["pressure", "early"], "anywhere": ["pressure", "early"]}])
    with pytest.raises(RuleError, match="anywhere"):
        build_rule("rf-preterm-labour", "urgent", {"pressure": ["pressure"], "early": ["30 weeks"]},
                   [{"concepts": ["pressure"], "anywhere": ["early"]}])


def test_a_concept_marked_past_ok_counts_said_of_the_past_but_the_others_must_be_now():
    from bot.context import ContextRules
    from bot.triage import RuleError, Triage, build_rule

    rule = build_rule("rf-wound", "urgent",
                      {"thing": ["staples"], "sign": ["weeping"]},
                      [{"concepts": ["thing", "sign"], "past_ok": ["thing"]}])
    plain = build_rule("rf-wound", "urgent", {"thing": ["staples"], "sign": ["weeping"]}, [["thing", "sign"]])
    context = ContextRules.from_content(ROOT / "content")
    triage = Triage([rule], context)
    said = "the staples came out last week and now a bit is weeping"
    assert Triage([plain], context).assess(said).red_flags == ()  # the staples' past holds the whole trigger back
    assert triage.assess(said).red_flags == ("rf-wound",)
    assert triage.assess("the staples came out and it was weeping two weeks ago").red_flags == ()
    assert triage.assess("the staples came out and it is not weeping").red_flags == ()
    with pytest.raises(RuleError, match="past_ok"):
        build_rule("rf-wound", "urgent", {"thing": ["clips"], "sign": ["weeping"]},
                   [{"concepts": ["thing", "sign"], "past_ok": ["thing", "sign"]}])
    with pytest.raises(RuleError, match="past_ok"):
        build_rule("rf-wound", "urgent", {"thing": ["clips"], "sign": ["weeping"]},
                   [{"concepts": ["sign"], "past_ok": ["thing"]}])


def test_the_content_reads_a_recent_wound_said_of_the_past_with_its_sign_now(triage):
    assert "rf-wound" in triage.assess(
        "they took my sutures out on friday and since yesterday there is green gunk coming through").red_flags
    assert triage.assess("my caesarean was three years ago and my low back is worse these days").red_flags == ()
    assert triage.assess("the dressing came off last week, all dry and closed, no redness").red_flags == ()


def test_the_content_reads_a_headache_since_a_weekday_with_words_between(triage):
    assert "rf-preeclampsia" in triage.assess("my migraine has hung around since saturday, 36 weeks").red_flags
    assert triage.assess("my headache has gone since saturday").red_flags == ()


def test_the_content_reads_a_back_lump_new_since_pregnancy_and_in_a_named_part_of_the_back(triage):
    assert "rf-night-pain-weight-loss" in triage.assess(
        "I can feel a hard lump low on my back, it was not there before I got pregnant").red_flags
    assert "rf-night-pain-weight-loss" in triage.assess("there's a swelling along my backbone that hurts").red_flags
    assert "rf-night-pain-weight-loss" in triage.assess("found a lump near the top of my spine").red_flags
    assert triage.assess("I had a lump on my back before I was pregnant, it was removed").red_flags == ()
    assert triage.assess("no lump at the bottom of my back, just a dull ache").red_flags == ()


SPANISH_PORTUGUESE_FRENCH_FLAGS = [
    ("rf-leg-weakness", "se me doblan las piernas, no tengo fuerza en las piernas"),
    ("rf-leg-weakness", "minhas pernas estão dormentes e formigando"),
    ("rf-heavy-bleeding", "estoy sangrando mucho, lleno una compresa cada media hora"),
    ("rf-heavy-bleeding", "saindo coágulos do tamanho de um ovo"),
    ("rf-preterm-labour", "tengo 33 semanas y la barriga se me pone dura cada 10 minutos"),
    ("rf-preterm-labour", "34 semanas e está saindo água"),
    ("rf-dvt", "me duele una pierna y está más gorda que la otra"),
    ("rf-reduced-fetal-movement", "o bebê quase não mexeu hoje"),
    ("rf-reduced-fetal-movement", "le bébé a très peu bougé aujourd'hui"),
    ("rf-suspected-fracture", "dor muito forte de repente no meio das costas, estou amamentando"),
    ("rf-suspected-fracture", "peguei o bebê no colo e senti um estalo nas costas"),
    ("rf-wound", "os pontos da cesárea abriram"),
    ("rf-night-pain-weight-loss", "une bosse est apparue dans mon dos"),
    ("rf-night-pain-weight-loss",
     "me duele la espalda por la noche y no se me quita descansando, y estoy perdiendo peso"),
    ("rf-preeclampsia", "tengo un dolor de cabeza que no se me quita y veo lucecitas"),
    ("rf-cauda-equina", "estou sem controle do cocô, a região de baixo está dormente"),
    ("rf-self-harm", "não quero mais viver, penso em me machucar"),
    ("rf-infection", "arde quando faço xixi"),
    ("rf-trauma", "caí da escada e estou com 30 semanas"),
    ("rf-seizure", "ma femme a fait une crise, elle tremblait et ses yeux se révulsaient"),
]


@pytest.mark.parametrize(("flag", "message"), SPANISH_PORTUGUESE_FRENCH_FLAGS)
def test_the_content_reads_common_spanish_portuguese_and_french_phrasings(triage, flag, message):
    assert flag in triage.assess(message).red_flags


@pytest.mark.parametrize("message", [
    "no se me quita el dolor de espalda desde el embarazo, que puedo tomar?",
    "o bebê mexe muito, não parou de mexer o dia todo",
    "la panza se me pone dura a veces, tengo 39 semanas, es normal?",
    "se me abrió el apetito con la lactancia",
    "no tengo fuerza para nada, estoy cansada, cuanto calcio necesito?",
    "ya no tengo fiebre, se me quitó con el antibiótico",
    "tuve un bulto en la espalda hace años, me lo quitaron",
    "senti um estalo no joelho quando peguei o bebê",
    "as pernas não estão dormentes, só cansadas",
    "o bebê vomitou e encharcou a toalha",
])
def test_the_content_leaves_spanish_portuguese_and_french_near_misses_routine(triage, message):
    assert triage.assess(message).red_flags == ()


def test_a_trigger_can_switch_off_one_context_for_itself_alone():
    from bot.context import ContextRules
    from bot.triage import RuleError, Triage, build_rule

    context = ContextRules.from_content(ROOT / "content")
    rule = build_rule("rf-trauma", "urgent", {"blow": ["kicked my bump"], "fall": ["fell over"]},
                      [{"concepts": ["blow"], "ignore_context": ["other_person"]}, ["fall"]])
    triage = Triage([rule], context)
    assert triage.assess("my toddler kicked my bump hard").red_flags == ("rf-trauma",)
    assert triage.assess("my toddler fell over at the park").red_flags == ()
    with pytest.raises(RuleError, match=r"triggers\[0\]\.ignore_context"):
        build_rule("rf-trauma", "urgent", {"blow": ["kicked"]}, [{"concepts": ["blow"], "ignore_context": ["film"]}])


@pytest.mark.parametrize("written", ["pre-eclampsia", "pre eclampsia", "Preeclampsia", "PRE- ECLAMPSIA"])
def test_pre_eclampsia_is_never_read_as_eclampsia(triage, written):
    flags = triage.assess(f"the midwife says it could be {written}, my hands and face are puffy").red_flags
    assert "rf-seizure" not in flags and "rf-preeclampsia" in flags
    assert "rf-seizure" in triage.assess("the doctor said she has eclampsia").red_flags


def test_a_wish_not_to_wake_is_not_read_as_someone_who_could_not_be_woken(triage):
    assert triage.assess("some days I wish I wouldn't wake up").red_flags == ("rf-self-harm",)
    assert "rf-seizure" in triage.assess("she would not wake up when I shook her").red_flags


def test_a_denial_after_an_emergency_must_be_about_it(triage):
    # "is fine" said of something else in the same clause does not deny the emergency before it
    assert "rf-seizure" in triage.assess("my partner had a fit tonight the baby is fine").red_flags
    assert "rf-seizure" in triage.assess("she collapsed tonight everything is fine with the baby").red_flags
    # said of the symptom itself, or as the answer to a listed item, it still does
    assert triage.assess("numb bottom no, weak legs no").red_flags == ()
    assert triage.assess("Fits in the family? No. Fainting? No.").red_flags == ()


def test_a_trigger_with_choices_of_concepts_stands_for_one_trigger_per_choice():
    from bot.context import ContextRules
    from bot.triage import RuleError, Triage, build_rule

    concepts = {"count": ["how many would it take"], "medicines": ["tablets"], "names": ["paracetamol"]}
    rule = build_rule("rf-self-harm", "emergency", concepts, [["count", "(medicines | names)"]])
    triage = Triage([rule], ContextRules.from_content(ROOT / "content"))
    assert triage.assess("how many would it take, the tablets").red_flags == ("rf-self-harm",)
    assert triage.assess("how many would it take, paracetamol").red_flags == ("rf-self-harm",)
    assert triage.assess("how many would it take").red_flags == ()
    for bad in (["count", "(medicines)"], ["count", "medicines | names"], ["count", "(medicines | pills)"]):
        with pytest.raises(RuleError, match="triggers"):
            build_rule("rf-self-harm", "emergency", concepts, [bad])


# Ways of saying a cauda equina or self-harm red flag that the concept lists lacked (found among the training
# paraphrases the rules missed, 2026-12-05, and kept after three reviews); written here in other words.
@pytest.mark.parametrize(("message", "red_flag"), [
    ("my back is terrible and the wee leaks out by itself, I only notice later", "rf-cauda-equina"),
    ("after delivery my private part has no feeling and it hurts in my back", "rf-cauda-equina"),
    ("I am not feeling the tissue when I wipe, back is bad since Monday", "rf-cauda-equina"),
    ("no control over my urine since the morning and my spine hurts", "rf-cauda-equina"),
    ("i cant feel myself weeing anymore, 3 weeks after my section", "rf-cauda-equina"),
    ("my back went when I lifted the pram and since then my wee comes out without feeling it", "rf-cauda-equina"),
    ("my husband says I keep thinking about drinking bleach", "rf-self-harm"),
    ("my sister says she will drink the bleach under the sink, she had the baby in May", "rf-self-harm"),
])
def test_new_ways_of_saying_a_red_flag_escalate(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags


@pytest.mark.parametrize("message", [
    "I leak a bit of wee when I sneeze, is that normal six weeks after birth?",
    "my foot goes numb on the bike seat at spin class, should I adjust it?",
    "my toddler cannot hold her wee when she is busy playing",
    "no control over my urine when I lift the car seat, is that my pelvic floor?",
    "the catheter is still in after my section so I am not able to feel myself weeing, is that ok?",
    "baby fell asleep in her seat and my arm went numb holding the bottle",
    "the urine sample did not come back with any infection, good news",
    "tired of living in this tiny flat with a newborn, any tips for space?",
    "is rat poison in the garden safe once the baby crawls?",
    "honestly I don't care if I die my hair pink, is it safe at 30 weeks?",
    "sick of living with my in laws, when can we move with a newborn",
    "my phone keeps wanting to die, can the app send me reminders?",
    "the baby had a poo accident in the bath, is that normal?",
])
def test_the_same_words_in_everyday_sentences_do_not_escalate(triage, message):
    assert triage.assess(message).red_flags == ()


def test_a_reassurance_explained_away_in_its_sentence_does_not_hold_back_the_classifier():
    from bot.context import ContextRules
    from bot.triage import RuleError, Triage, build_rule

    rule = build_rule("rf-preterm-labour", "urgent", {"tightening": ["tightenings"]}, [["tightening"]],
                      reassurances=["im 39 weeks"], exceptions={"reassurances": ["only 33"]})
    triage = Triage([rule], ContextRules.from_content(ROOT / "content"))
    held = triage.assess("im 39 weeks, is a bath ok")
    assert [(s.red_flag, s.reason) for s in held.suppressed] == [("rf-preterm-labour", "reassured")]
    assert triage.assess("they all think im 39 weeks but im only 33, is a bath ok").suppressed == ()
    with pytest.raises(RuleError, match="exceptions.calm"):
        build_rule("rf-preterm-labour", "urgent", {"tightening": ["tightenings"]}, [["tightening"]],
                   exceptions={"calm": ["only 33"]})


@pytest.mark.parametrize("message", [
    "im 39 weeks and getting braxton hicks on and off, is that ok",
    "officially overdue now, back aches in waves, normal?",
])
def test_at_term_the_preterm_flag_is_held_back_for_the_classifier_too(triage, message):
    result = triage.assess(message)
    assert result.red_flags == ()
    assert ("rf-preterm-labour", "reassured") in [(s.red_flag, s.reason) for s in result.suppressed]


@pytest.mark.parametrize("message", [
    "im not even 37 weeks and the tightenings come every 5 minutes",
    "she says im 40 weeks by size but im only 34 weeks and tightenings every 5 minutes",
])
def test_before_37_weeks_a_term_word_does_not_hide_labour(triage, message):
    assert "rf-preterm-labour" in triage.assess(message).red_flags


@pytest.mark.parametrize(("message", "red_flag"), [
    ("my back hurts a lot and i dont feel nothing down below when i wipe", "rf-cauda-equina"),
    ("she cant feel nothing in her legs since this morning", "rf-leg-weakness"),
])
def test_a_double_negative_says_she_feels_nothing(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags


def test_feeling_nothing_unusual_is_not_numbness(triage):
    assert triage.assess("i feel nothing strange down there, just a sore back").red_flags == ()


@pytest.mark.parametrize("message", [
    "how many paracetamol can i have in a day for back pain",
    "how many paracetamol is safe while breastfeeding",
    "the dark lane to the car park gives me the chills, is walking good for pelvic pain",
    "she kicked so hard i nearly wet myself, what helps round ligament pain",
])
def test_a_dose_question_or_an_idiom_is_not_a_red_flag(triage, message):
    assert triage.assess(message).red_flags == ()


@pytest.mark.parametrize("message", [
    "i looked up how many paracetamol it would take",
    "how many paracetamol would kill me",
    "shivering with the chills and a temp of 38.5",
])
def test_the_same_words_still_raise_the_flag_when_they_mean_it(triage, message):
    assert triage.assess(message).red_flags


@pytest.mark.parametrize(("message", "urgency"), [
    ("came off my motorbike on the way to work, 30 weeks", "emergency"),
    ("had a fall on the stairs, 28 weeks, in a lot of pain", "emergency"),
    ("slipped on the ice, 30 weeks, not a lot of pain", "urgent"),
    ("the bump has thrown off my balance and i tripped on the kerb, 31 weeks", "urgent"),
])
def test_a_serious_accident_or_a_lot_of_pain_makes_trauma_an_emergency(triage, message, urgency):
    result = triage.assess(message)
    assert result.red_flags == ("rf-trauma",) and result.urgency.value == urgency


@pytest.mark.parametrize(("message", "red_flag"), [
    ("ya no quiero vivir, el bebé tiene 3 semanas", "rf-self-harm"),
    ("no puedo respirar bien desde anoche", "rf-chest-pain-breathing"),
    ("sangramento muito forte depois do parto", "rf-heavy-bleeding"),
    ("mi esposa tuvo una convulsión", "rf-seizure"),
    ("no siento las piernas", "rf-leg-weakness"),
    ("no siento bien la vagina y me duele la espalda", "rf-cauda-equina"),
])
def test_an_emergency_said_in_spanish_or_portuguese_is_escalated(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags


def test_pecho_is_also_the_breast_and_alone_is_no_chest_pain(triage):
    assert triage.assess("dolor en el pecho al dar de mamar, es normal?").red_flags == ()


@pytest.mark.parametrize(("message", "red_flag"), [
    ("not feverish, just can't get my breath since the birth", "rf-chest-pain-breathing"),
    ("no headache at all, just seeing flashing lights and my face is puffy, 35 weeks", "rf-preeclampsia"),
    ("no back pain, just a numb saddle area since this morning", "rf-cauda-equina"),
])
def test_what_is_named_after_a_denial_and_just_is_not_denied(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags


@pytest.mark.parametrize(("message", "red_flag"), [
    ("36 weeks and my feet are killing me. also she has not moved much since lunch", "rf-reduced-fetal-movement"),
    ("I've been hiding my codeine every day, nobody knows", "rf-self-harm"),
    ("been squirrelling away my sertraline in the bathroom cabinet", "rf-self-harm"),
])
def test_movements_or_medicines_told_at_the_end_or_in_passing_escalate(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags


@pytest.mark.parametrize("message", [
    "Too early to feel anything at 13 weeks, baby has not moved that I can tell. Is a hot water bottle ok on my back?",
    "I keep my ibuprofen for the bad days only, is that sensible while breastfeeding?",
    "heart was racing through the whole rugby match lol. is swimming good for pelvic pain",
    "the midwife said the baby's heartbeat was racing a bit on the monitor but normal for babies, any PGP tips?",
    "baby passed out on the boob again after the night feed, what position helps my neck",
    "I cried through that film where the mother bleeds after the birth. How much bleeding is normal?",
    "I had spotting at 8 weeks, checked and fine, now 31 weeks with a sore lower back",
])
def test_an_excited_heart_a_sleepy_baby_or_a_finished_story_is_not_a_red_flag(triage, message):
    assert triage.assess(message).findings == ()


@pytest.mark.parametrize(("message", "red_flag"), [
    ("estoy con fiebre desde ayer, di a luz hace una semana", "rf-infection"),
    ("tenho calafrios e dor para fazer xixi", "rf-infection"),
    ("la pantorrilla izquierda está muy hinchada y me duele", "rf-dvt"),
    ("me caí por las escaleras, estoy de 29 semanas", "rf-trauma"),
    ("vejo luzes e tenho dor de cabeça muito forte", "rf-preeclampsia"),
    ("hoy el bebé se mueve menos que siempre", "rf-reduced-fetal-movement"),
    ("a cicatriz da cesárea está vermelha e com pus", "rf-wound"),
    ("contracciones cada diez minutos y estoy de 33 semanas", "rf-preterm-labour"),
    ("perdí peso sin querer y me duele la espalda de noche", "rf-night-pain-weight-loss"),
])
def test_an_urgent_flag_said_in_spanish_or_portuguese_is_escalated(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags


@pytest.mark.parametrize("message", [
    "mi hija tiene fiebre, ¿qué hago?",
    "minha avó teve trombose aos 70 anos, isso é hereditário?",
])
def test_a_childs_fever_or_a_relatives_history_in_spanish_or_portuguese_is_not_her_red_flag(triage, message):
    assert triage.assess(message).findings == ()


def test_bleeding_she_cannot_stop_is_heavy_bleeding_but_not_from_the_gums(triage):
    assert triage.assess("help I can't stop bleeding, baby came on Sunday").red_flags == ("rf-heavy-bleeding",)
    assert triage.assess("my gums won't stop bleeding when I floss, 24 weeks, is that the hormones?").findings == ()


def test_a_man_of_the_family_is_not_the_patient_unless_he_tells_of_her(triage):
    assert triage.assess("my grandad had a clot in his lung years ago, is PLO in families too?").findings == ()
    uncle = "my uncle had crushing chest pains, he is in hospital. I'm 20 weeks, what helps my back?"
    assert triage.assess(uncle).findings == ()
    brother = "my brother had found her on the floor jerking, she had the baby last week"
    assert "rf-seizure" in triage.assess(brother).red_flags


@pytest.mark.parametrize(("message", "red_flag"), [
    ("my caesarean was ten days ago and now the cut is weeping and red at one end", "rf-wound"),
    ("101.3 F and achy all over, had the baby a fortnight back", "rf-infection"),
])
def test_when_the_operation_was_or_a_fahrenheit_reading_is_read_as_now(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags


def test_pains_that_come_in_waves_before_37_weeks_are_preterm_labour(triage):
    assert "rf-preterm-labour" in triage.assess(
        "should I try a warm bath for my back? the cramps now come in waves, 32 weeks").red_flags


@pytest.mark.parametrize(("message", "red_flag"), [
    # the exceptions must not explain away a real flag told beside them
    ("heart thumping and racing at rest even though the baby's heartbeat on the ctg was normal",
     "rf-chest-pain-breathing"),
    ("I blacked out in the chair while feeding, the baby was in a milk coma on me", "rf-seizure"),
    ("pouring blood and a clot like a lemon, teeth chattering, my nose has gone white", "rf-heavy-bleeding"),
    ("keeping my tramadol aside for the bad days, I just want to sleep and not wake up", "rf-self-harm"),
    ("we were halfway through the movie when she went stiff and her eyes rolled back", "rf-seizure"),
    ("my dad had to call 999 for her, she collapsed on the kitchen floor", "rf-seizure"),
    ("calf hot, red and swollen since Sunday, checked and fine on Friday but worse now", "rf-dvt"),
    ("soaking a pad every hour, everything was fine since the birth until now", "rf-heavy-bleeding"),
])
def test_a_narrow_exception_leaves_a_real_red_flag_beside_it(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags


def test_what_she_has_instead_ends_only_a_denial_not_a_past_event(triage):
    assert triage.assess("I had a kidney infection in March, just burning and chills, antibiotics cleared it. "
                         "Can it come back in pregnancy?").findings == ()


# Review r42 (present emergencies written against the rules) and development set BE, by category, in our own words.
@pytest.mark.parametrize(("message", "red_flag"), [
    ("a taxi knocked me over on the crossing this morning, 31 weeks", "rf-trauma"),
    ("a lorry clipped me and I got knocked off my bicycle, 24 weeks pregnant", "rf-trauma"),
    ("we rolled the tractor in the top field, I'm 30 weeks and sore all over", "rf-trauma"),
    ("the van was written off in the crash, I'm 26 weeks but walking", "rf-trauma"),
    ("my ex stabbed me in the side, I'm pregnant", "rf-trauma"),
    ("mum says the sheets are drenched in blood, she had the baby on friday", "rf-heavy-bleeding"),
    ("bleeding like a river since this morning, day 4 after the birth", "rf-heavy-bleeding"),
    ("I've been through four pads in the last couple of hours, heavy red blood", "rf-heavy-bleeding"),
    ("my wife has been fitting for two minutes on the kitchen floor", "rf-seizure"),
    ("she faint on the stairs and her eyes go up", "rf-seizure"),
    ("it hurts to take a breath in and my chest is tight, 5 days after the section", "rf-chest-pain-breathing"),
    ("coughing pink frothy stuff and can't lie flat", "rf-chest-pain-breathing"),
    ("my heart rate is 148 lying on the bed doing nothing", "rf-chest-pain-breathing"),
    ("I've wanted to die every single night this week", "rf-self-harm"),
    ("I think to kill me, I am not coping", "rf-self-harm"),
    ("not sure if I should ring anyone, blood is pouring out of me", "rf-heavy-bleeding"),
    ("does this count as a haemorrhage, soaked two maternity pads in an hour", "rf-heavy-bleeding"),
    ("my brother is on his way, I can't breathe properly", "rf-chest-pain-breathing"),
    ("I tripped over our cat and fell down the whole staircase, 33 weeks", "rf-trauma"),
])
def test_present_emergencies_in_other_words_escalate(triage, message, red_flag):
    result = triage.assess(message)
    assert result.urgency.value == "emergency"
    assert result.top is not None and result.top.red_flag == red_flag


@pytest.mark.parametrize("message", [
    "after three nights of feeds I feel like I've been hit by a truck, is back ache normal?",
    "my upper back feels like I've been stabbed since I lifted the car seat, 6 weeks after the birth",
    "in the film a woman had a seizure in labour, does that happen much?",
    "this pelvic pain is going to kill me lol, 33 weeks, anything for it?",
    "I tripped over the cat and went down on my knees, 30 weeks, bump is fine",
    "my neighbour got stabbed last year and I still think about it",
    "took the whole bottle of antacid this week, heartburn is awful",
])
def test_idioms_and_stories_beside_the_new_words_are_not_emergencies(triage, message):
    assert triage.assess(message).urgency.value != "emergency"


# Development sets BE, BG and BI (each read after its first run) by category, and texting forms the speller leaves
# alone (from review r47's misses), all in our own words: each escalates at this urgency, with this red flag.
BE_CATEGORIES = [
    ("since my back went I honestly can't tell if I've been for a wee or not", "rf-cauda-equina", "emergency"),
    ("she can't control the loo any more, back has been bad since the birth", "rf-cauda-equina", "emergency"),
    ("I'm not able to empty my bladder at all this evening and my back is killing me", "rf-cauda-equina", "emergency"),
    ("coughed up a little blood earlier and breathing is painful on the left", "rf-chest-pain-breathing", "emergency"),
    ("she coughs and there is blood, a week after the caesarean", "rf-chest-pain-breathing", "emergency"),
    ("my wife had what seemed like a seizure on the sofa, 37 weeks", "rf-seizure", "emergency"),
    ("postpartum day 3 and bleeding like a tap, dizzy", "rf-heavy-bleeding", "emergency"),
    ("I keep seeing flashing lights and my head hurts, 35 weeks", "rf-preeclampsia", "urgent"),
    ("baby has moved very little since breakfast, 34 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("it stings every time when I wee and my side aches, 27 weeks", "rf-infection", "urgent"),
]
BG_CATEGORIES = [
    ("I'm not able to feel my thighs properly since this morning and my back is bad", "rf-leg-weakness", "emergency"),
    ("honestly I would not care if I was dead, everything hurts", "rf-self-harm", "emergency"),
    ("my sister found her with a cord this morning, she had the baby in may", "rf-self-harm", "emergency"),
    ("my wife fall down the staircase at home, she is 30 weeks", "rf-trauma", "emergency"),
]
BI_CATEGORIES = [
    ("my partner says her bum's numb on both sides since lunch, 33 weeks", "rf-cauda-equina", "emergency"),
    ("she can't hold her poo any more and her lower back is agony", "rf-cauda-equina", "emergency"),
    # the baby named near it does not make it the baby's (a first version's exception hid this)
    ("ever since the baby arrived my partner cannot control her bowels", "rf-cauda-equina", "emergency"),
    ("I didn't even feel the wee come out, back is bad, 3 weeks postpartum", "rf-cauda-equina", "emergency"),
    ("I can't really tell when I need to wee since yesterday and my back hurts", "rf-cauda-equina", "emergency"),
    ("my legs kept going out from under me on the stairs tonight", "rf-leg-weakness", "emergency"),
    ("both legs would not lift to get into bed, 4 weeks after the birth", "rf-leg-weakness", "emergency"),
    ("I coughed and there is blood in the tissue, week two after the section", "rf-chest-pain-breathing", "emergency"),
    ("my girlfriend went out like a light in the kitchen and her arms were jerking", "rf-seizure", "emergency"),
    ("honestly I don't even wanna be here no more", "rf-self-harm", "emergency"),
    ("I keep thinking about swallowing every tablet in the house", "rf-self-harm", "emergency"),
    ("came off the scooter at speed, 29 weeks", "rf-trauma", "emergency"),
    ("slipped on the ice and now my tummy is really painful, 31 weeks", "rf-trauma", "emergency"),
]
BK_CATEGORIES = [
    ("since last night I can not control my urine and my back is very bad", "rf-cauda-equina", "emergency"),
    ("my wife can't control the wee anymore, 2 weeks after the section", "rf-cauda-equina", "emergency"),
    ("urine is leaking out on its own since this morning, 35 weeks", "rf-cauda-equina", "emergency"),
    ("tingling all over my private bits and my back is killing me", "rf-cauda-equina", "emergency"),
    ("my private place feels numb since I woke up, 10 days after delivery", "rf-cauda-equina", "emergency"),
    ("she soiled... no, she messed herself on the sofa and didn't notice, back pain all week",
     "rf-cauda-equina", "emergency"),
    ("wiping I can't feel the paper, and starting a wee is hard, 3 months after the birth",
     "rf-cauda-equina", "emergency"),
    ("I fainted at the bus stop, don't know what happened, a lady said my legs were shaking", "rf-seizure",
     "emergency"),
    ("my husband says she talked about swallowing all her tablets tonight", "rf-self-harm", "emergency"),
    ("back aches right through the night and resting does nothing. Dropped 5 kilos without trying",
     "rf-night-pain-weight-loss", "urgent"),
    ("I can't sleep, my back is worst at night and lying still does nothing, 6 months pp",
     "rf-night-pain-weight-loss", "urgent"),
    ("our goat butted me in the bump this morning, 27 weeks", "rf-trauma", "urgent"),
    ("the shopping trolley slammed into my bump at 32 weeks", "rf-trauma", "urgent"),
    ("lifting the pram I felt a crunch between my shoulder blades, the pain is off the charts",
     "rf-suspected-fracture", "urgent"),
    ("my left calf has gone fat and hot, 30 weeks", "rf-dvt", "urgent"),
    ("not really felt her kick since breakfast, 34 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("my section scar is not drying and fluid keeps leaking from it", "rf-wound", "urgent"),
]
# typed one word per line: read also as one sentence
ONE_WORD_LINES = [
    ("cant\nbreathe", "rf-chest-pain-breathing", "emergency"),
    ("numb\nbum\nand\ncant\npee", "rf-cauda-equina", "emergency"),
    ("wish\ni\nwas\ngone\nfor\ngood", "rf-self-harm", "emergency"),
]
TEXTING_FORMS = [
    ("my legs keep goin out from under me tonight", "rf-leg-weakness", "emergency"),
    ("she went out like a lite on the stairs and was jerking", "rf-seizure", "emergency"),
    ("honestly i dont wana be here anymore", "rf-self-harm", "emergency"),
    ("i cant realy tell when i need to wee since yesterday", "rf-cauda-equina", "emergency"),
]


# From blind-bm's categories (eleventh session), in our own words: not being able to tell whether urine is passing,
# a chest misspelt as the board game, a quad-type vehicle throwing the rider, weight loss told by the scales.
BM_CATEGORIES = [
    ("on the loo I genuinely could not tell if I was weeing or not, and my lower back is agony", "rf-cauda-equina",
     "emergency"),
    ("her chess feels so tight and she is gasping, baby born on friday", "rf-chest-pain-breathing", "emergency"),
    ("I got flung off the atv on the farm and landed on my front, 29 weeks", "rf-trauma", "emergency"),
    ("the scale keeps dropping down and I do not know why, my spine aches at night too",
     "rf-night-pain-weight-loss", "urgent"),
]

# From blind-bo's categories (twelfth session), in our own words: learner's English for stool or urine that will not
# come or comes unnoticed, legs that no longer hold her, fewer or different movements, a baby not felt; clinical
# shorthand (paraesthesia); past-tense coughing blood; "strong" bleeding; a head that throbs; a bump knocked; "wanna".
BO_CATEGORIES = [
    ("since this morning my stool is coming out without me knowing, 2 weeks after the section", "rf-cauda-equina",
     "emergency"),
    ("my pee is not coming out since breakfast and my back is bad, 35 weeks", "rf-cauda-equina", "emergency"),
    ("she says her legs do not hold her up any more since tea time, 36 weeks", "rf-leg-weakness", "emergency"),
    ("pt 3/7 postnatal, sudden paresthesia both legs", "rf-leg-weakness", "emergency"),
    ("she coughed and there was blood in her spit again, baby is 10 days old", "rf-chest-pain-breathing", "emergency"),
    ("the bleeding is very strong tonight, baby is 5 days old", "rf-heavy-bleeding", "emergency"),
    ("my head is throbbing since friday, 35 weeks, nothing touches it", "rf-preeclampsia", "urgent"),
    ("when I pass urine it stings like mad, 26 weeks", "rf-infection", "urgent"),
    ("his kicks are weaker since the weekend, I am 34 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("I did not feel the baby at all this afternoon, 30 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("banged my bump on the kitchen worktop, 24 weeks", "rf-trauma", "urgent"),
    ("knocked my tummy on the door handle hard, 22 weeks", "rf-trauma", "urgent"),
    ("there's a lump next to my backbone that was not there before", "rf-night-pain-weight-loss", "urgent"),
    ("i just wanna die, the baby is 3 weeks and i cant do this", "rf-self-harm", "emergency"),
]

# From blind-bw (sixteenth session, read after its first run) and the hazard reviews' probes, in our own words: kicks
# that stopped at a time of day, "not noticed her moving", a fever that "gives me the shivers", the back named in the
# question and its night pain in the next sentence, a greeny or yellowish discharge from the scar.
BW_CATEGORIES = [
    ("she was kicking all morning and I have felt nothing since lunch, 35 weeks", "rf-reduced-fetal-movement",
     "urgent"),
    ("normally the baby is wriggling by now, nothing since last night, 33 weeks", "rf-reduced-fetal-movement",
     "urgent"),
    ("she hasn't moved since breakfast and I have felt nothing since, 36 weeks", "rf-reduced-fetal-movement",
     "urgent"),
    ("I have a fever and it gives me the shivers just standing up, 5 days after my section", "rf-infection", "urgent"),
    # the back named in the question, its night pain in the next sentence
    ("what exercises are good for my back after the section? the pain is much worse at night and resting makes no "
     "difference", "rf-night-pain-weight-loss", "urgent"),
    ("my section scar has some yellowish gunk on the dressing, 9 days after", "rf-wound", "urgent"),
    ("I have not really noticed the baby kicking since this morning, 32 weeks", "rf-reduced-fetal-movement", "urgent"),
]

# From blind-by (seventeenth session, read after its first run) and review r67's probes, in our own words: chest
# pressure told as a simile about "it" and a hand clutching the chest, a fall down a full flight of stairs, the family
# better off with the other parent, everything going grey before she drops, a coworker who found her.
BY_CATEGORIES = [
    ("she keeps clutching her chest and says it feels like a man is kneeling on it, 3 weeks after the birth",
     "rf-chest-pain-breathing", "emergency"),
    ("I slipped and went down a full flight of stairs this morning, 31 weeks", "rf-trauma", "emergency"),
    ("I keep telling my husband the children would be better off with him", "rf-self-harm", "emergency"),
    ("she said if she jumps the kids are better off without her, 2 weeks postpartum", "rf-self-harm", "emergency"),
    ("everything went grey this morning and I came round on the bathroom floor", "rf-seizure", "emergency"),
    ("a coworker found me on the floor shaking at lunch, 34 weeks", "rf-seizure", "emergency"),
    # "couldn't" read as "can't" (review r66 found it missing everywhere; review r68): a moment just past
    ("I couldn't get my breath lying in bed last night, 10 days after the birth", "rf-chest-pain-breathing",
     "emergency"),
    ("couldnt feel anything when I wiped after the toilet this morning, my back is agony", "rf-cauda-equina",
     "emergency"),
    ("she could not feel her legs when she tried to get up off the sofa, 37 weeks", "rf-leg-weakness", "emergency"),
    ("I couldnae wake her and she was jerking all over", "rf-seizure", "emergency"),
    # a sentence that starts with "can't" is no question when no question mark says so
    ("cant get hold of anyone, bleeding through a pad every hour since the birth", "rf-heavy-bleeding", "emergency"),
    # a depression questionnaire's self-harm question answered that it happens (review r69)
    ("at my check I answered sometimes for question 10 about harming myself", "rf-self-harm", "emergency"),
    # the questionnaire and its question 10 named apart, the answer before or after the question (eighteenth session)
    ("the nurse went through the edinburgh form with me and for number ten I said yes", "rf-self-harm", "emergency"),
    ("I put 'most of the time' for q10 on my EPDS this morning", "rf-self-harm", "emergency"),
    ("scored 3 on question 10, that was the postnatal depression questionnaire", "rf-self-harm", "emergency"),
    # "is it normal if ..." asks about what she has now; a what-if says so (eighteenth session)
    ("is it normal if my whole bum goes numb when I sit, 36 weeks", "rf-cauda-equina", "emergency"),
    # blind-ca (eighteenth session, read after its first run), in our own words: the seat and the unnamed area, wetting
    # herself, "better I die", a window and jumping, "she'll hurt", a fall with no memory, thrown off a bike
    ("the part she sits on has gone numb since this morning, 2 weeks after the birth", "rf-cauda-equina", "emergency"),
    ("my urine I cannot feel when it comes out since yesterday, back very sore", "rf-cauda-equina", "emergency"),
    ("my mother says better she dies than go on like this", "rf-self-harm", "emergency"),
    ("every night I look out of the window and think about jumping", "rf-self-harm", "emergency"),
    ("she told me she's afraid she'll hurt the baby if I go to work", "rf-self-harm", "emergency"),
    ("she fell down and did not know anything, maybe two minutes, 5 days after the birth", "rf-seizure", "emergency"),
    ("scooter accident today, I flew off onto the road, 29 weeks, belly hurts", "rf-trauma", "emergency"),
    # and the urgent ones: changed movements, night pain with rest no help and getting thin, a weeping belly cut, hard
    # then relax, a wet panty, blurred eyes, a dog jumping on the bump, carrying and sudden pain, a bent-forward back
    ("bby not kicking much today 35w", "rf-reduced-fetal-movement", "urgent"),
    ("the baby is moving slower than before, 33 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("back pain every night, rest no help, and I am getting thin without trying", "rf-night-pain-weight-loss",
     "urgent"),
    ("my tummy cut from the section is oozing, 10 days", "rf-wound", "urgent"),
    ("31 weeks, belly goes hard then soft again every few minutes since lunch", "rf-preterm-labour", "urgent"),
    ("34 weeks and my panties are all wet again, no pain", "rf-preterm-labour", "urgent"),
    ("35 weeks, eyes blurry since this morning and a headache", "rf-preeclampsia", "urgent"),
    ("our puppy jumped on my bump really hard, 32 weeks", "rf-trauma", "urgent"),
    ("4 months breastfeeding, sudden bad pain between the shoulders after I carry the shopping, painkillers no help",
     "rf-suspected-fracture", "urgent"),
    # painkillers with "no effect" say the pain goes on: the time of what started it is no past event
    ("sudden bad pain in the middle of my back after lifting the car seat, 2 weeks ago, paracetamol no effect",
     "rf-suspected-fracture", "urgent"),
]

# blind-cc (nineteenth session, read after its first run), by category and in our own words: a crash that hurt, a
# blow to the abdomen, a fall onto the bump, legs without strength in Spanish, "giving weigh" (dictation), a wish to
# be gone in Spanish, a bowel accident, fluid "like I peed", a baby that "does not move", night pain that lying down
# does not ease, one leg swollen "and the other is fine", oedema, a headache that "will not settle"
CC_CATEGORIES = [
    ("a car went into the back of us at the lights an hour ago, 30 weeks, my tummy is hurting now", "rf-trauma",
     "emergency"),
    ("small crash at the roundabout, I was thrown forward and hit hard, 33 weeks", "rf-trauma", "emergency"),
    ("someone shoved past and punched me in the abdomen at the bus stop, 27 weeks", "rf-trauma", "urgent"),
    ("I tripped on the step and fell on the bump this morning, 31 weeks", "rf-trauma", "urgent"),
    ("las dos piernas sin fuerza desde ayer, 3 semanas después del parto", "rf-leg-weakness", "emergency"),
    ("going up to bed both legs gave weigh under me, 35 weeks", "rf-leg-weakness", "emergency"),
    ("acho que a família ficaria melhor sem mim, bebê de 6 semanas", "rf-self-harm", "emergency"),
    ("another accident with my bowels this morning, no warning at all, lower back agony, 3 weeks postnatal",
     "rf-cauda-equina", "emergency"),
    ("feels as if I peed but I didn't, my knickers keep getting damp, 32 weeks", "rf-preterm-labour", "urgent"),
    ("se me sale líquido desde anoche, 30 semanas", "rf-preterm-labour", "urgent"),
    ("the baby does not move since breakfast, 37 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("my spine aches all night and is not relieved by resting, and I have lost weight without trying, 5 months "
     "after the birth", "rf-night-pain-weight-loss", "urgent"),
    ("one calf is hot and puffy and the other one is fine, 6 days after the section", "rf-dvt", "urgent"),
    ("my hands have gone puffy with oedema overnight, 35 weeks", "rf-preeclampsia", "urgent"),
    ("my headache is still not settling with paracetamol, 36 weeks", "rf-preeclampsia", "urgent"),
    # "seizure free" explains a mention away; not being seizure free any more does not
    ("I have not been seizure free since the birth", "rf-seizure", "emergency"),
]


# Emergencies said in romanised Hindi, Tagalog or Vietnamese (with or without accents): the development sets' only
# missed emergencies were written in these languages (nineteenth session), in our own words
OTHER_LANGUAGES = [
    ("toi bi tuc nguc, sinh duoc 10 ngay roi", "rf-chest-pain-breathing", "emergency"),
    ("seene mein dard aur saans phool rahi hai, delivery 2 hafte pehle", "rf-chest-pain-breathing", "emergency"),
    ("hirap huminga po ako at masakit ang dibdib, 3 weeks after manganak", "rf-chest-pain-breathing", "emergency"),
    ("wife ko behosh ho gayi bathroom mein, 7 mahine pregnant", "rf-seizure", "emergency"),
    ("nahimatay po siya kanina, buntis 8 months", "rf-seizure", "emergency"),
    ("kabhi kabhi lagta hai mar jaana chahti hoon, baby 1 mahine ka", "rf-self-harm", "emergency"),
    ("gusto kong saktan ang sarili ko ngayong gabi", "rf-self-harm", "emergency"),
    ("em muon chet, con moi 3 tuan", "rf-self-harm", "emergency"),
    ("bahut khoon aa raha hai delivery ke baad, pad bhar gaya", "rf-heavy-bleeding", "emergency"),
    ("chay mau nhieu qua sau sinh", "rf-heavy-bleeding", "emergency"),
    ("niche wale hisse mein sunnapan hai subah se, kamar dard bhi", "rf-cauda-equina", "emergency"),
    ("dono pair kamzor ho gaye subah se", "rf-leg-weakness", "emergency"),
    # a relative's fit named with the relative is hers only when she has one too
    ("Dadi ko daura pada tha, aaj mujhe bhi jhatke aaye, 8 mahine pregnant", "rf-seizure", "emergency"),
    # a crash that hurt, in Tagalog and Vietnamese; a chest pain said with "peito" that spreads to the arm
    ("naaksidente kami kanina, 31 weeks ako, hindi ako makatayo", "rf-trauma", "emergency"),
    ("bi dung xe sang nay, bau 30 tuan, my tummy hurts a lot", "rf-trauma", "emergency"),
    ("dor no peito for an hour, now it spreads down my arm, 36 semanas", "rf-chest-pain-breathing", "emergency"),
    # French, romanised Chinese (Mandarin pinyin, Cantonese), Tok Pisin / Bislama and Haitian Creole (twentieth
    # session: development sets in these languages missed two emergencies in three)
    ("depuis une heure je saigne énormément, accouchée mardi", "rf-heavy-bleeding", "emergency"),
    ("ma femme narrive plus à respirer, elle a accouché il y a 5 jours", "rf-chest-pain-breathing", "emergency"),
    ("ma soeur est tombée dans les pommes au marché, enceinte de 8 mois", "rf-seizure", "emergency"),
    ("je sens plus mes jambes depuis ce matin, 35 semaines", "rf-leg-weakness", "emergency"),
    ("jai des idées de mourir, bébé a 6 semaines", "rf-self-harm", "emergency"),
    ("le bébé bouge plus depuis hier soir, 34 semaines", "rf-reduced-fetal-movement", "urgent"),
    ("fievre 38,9 et frissons, allaitement 2 semaines", "rf-infection", "urgent"),
    ("douleur thoracique en allaitant, ça serre fort", "rf-chest-pain-breathing", "emergency"),
    ("chan hou yi zhou, chu xue te bie duo", "rf-heavy-bleeding", "emergency"),
    ("lao po gang cai yun dao le, huai yun 36 zhou", "rf-seizure", "emergency"),
    ("ngo sum hau hou tung, after delivery 1 week", "rf-chest-pain-breathing", "emergency"),
    ("wo bu xiang huo le, mei tian dou hen nan guo", "rf-self-harm", "emergency"),
    ("tai dong jian shao le, 35 zhou", "rf-reduced-fetal-movement", "urgent"),
    ("meri bilong mi i no inap pulim win, em i karim pikinini 3 de i go pinis", "rf-chest-pain-breathing", "emergency"),
    ("tupela lek bilong mi i dai long moning, mi gat bel 7 mun", "rf-leg-weakness", "emergency"),
    ("madanm mwen ap senyen anpil depi maten, li fèk akouche", "rf-heavy-bleeding", "emergency"),
    ("li tonbe san konesans nan lakou a, 8 mwa ansent", "rf-seizure", "emergency"),
    ("je suis tombée sur le ventre dans la rue, enceinte de 7 mois", "rf-trauma", "urgent"),
    ("jai perdu les eaux ce soir, 33 semaines", "rf-preterm-labour", "urgent"),
    ("douleur brutale au milieu du dos en portant le siège auto, jallaite encore", "rf-suspected-fracture", "urgent"),
    ("la cicatrice de césarienne suinte et sent mauvais", "rf-wound", "urgent"),
    ("po shui le, huai yun 34 zhou", "rf-preterm-labour", "urgent"),
    # English as a translation app or a learner writes it (blind-ce's categories, in our own words)
    ("since the night she is not able to sense the paper when she wipes, and the low back is bad", "rf-cauda-equina",
     "emergency"),
    ("bright red blood comes out of my mouth when I cough, delivered 9 days", "rf-chest-pain-breathing", "emergency"),
    ("lumps of blood bigger than a golf ball are falling from me, baby is 5 days", "rf-heavy-bleeding", "emergency"),
    ("from this morning my legs lost the power, I fall down when I stand, 33 weeks", "rf-leg-weakness", "emergency"),
    ("I think many times about finishing my life, my son is 2 months", "rf-self-harm", "emergency"),
    ("we have not felt the fetus move since yesterday night, 35 weeks", "rf-reduced-fetal-movement", "urgent"),
    # blind-cg's categories (twenty-first session), in our own words: a crash or a fall in Tok Pisin / Bislama,
    # a fit told with a possessive in between, "got hit by" in French, could not pee in Darija with digits
    ("mi pundaun long step long haus, bel bilong mi i pen liklik, 32 wik", "rf-trauma", "urgent"),
    ("trak bilong mipela i bagarap long rot, mi gat bel 6 mun", "rf-trauma", "urgent"),
    ("bikpela bagarap long PMV asde, blut i kamaut long lek", "rf-trauma", "emergency"),
    ("bodi bilong em i seksek nogut na ai i raun, 35 wik", "rf-seizure", "emergency"),
    ("je me suis fait renverser par un scooter en sortant, 7 mois de grossesse", "rf-trauma", "emergency"),
    ("ma qdertch nboul mn lbareh, dahri kayderni bzaf", "rf-cauda-equina", "emergency"),
    # night pain with weight lost without trying, and a section wound, in other languages (our own words)
    ("je dors plus, le dos me réveille la nuit, et jai maigri sans raison, bébé a 5 mois", "rf-night-pain-weight-loss",
     "urgent"),
    ("ti zhong xia jiang le, mei you jian fei, chan hou 4 ge yue", "rf-night-pain-weight-loss", "urgent"),
    ("sugat ko sa cesarean nagnanana na po, 10 days", "rf-wound", "urgent"),
    ("os pontos da cesárea estão abrindo desde ontem", "rf-wound", "urgent"),
    # face and hands, one leg, waters, tightenings and falls in Tagalog, Hindi and Tok Pisin (our own words)
    ("biglang namamaga ang mukha ko kaninang umaga, 35 weeks", "rf-preeclampsia", "urgent"),
    ("chehra suj gaya hai aaj subah se, 8 mahine", "rf-preeclampsia", "urgent"),
    ("mainit at namumula ang kanang binti ko, 2 weeks after CS", "rf-dvt", "urgent"),
    ("pumutok na ang panubigan ko, 34 weeks pa lang", "rf-preterm-labour", "urgent"),
    ("bel bilong mi i tait na slek, 32 wik", "rf-preterm-labour", "urgent"),
    ("bike se gir gayi shaam ko, 6 mahine pregnant hoon", "rf-trauma", "urgent"),
]


# The twenty-second session's development set (blind-ck): West African Pidgin and Jamaican Patois, counted
# tightenings, clinical shorthand for a blow, legs giving out, thoughts of jumping; in our own words.
CK_CATEGORIES = [
    ("since this morning i no fit feel my bottom at all and my back dey pain me", "rf-cauda-equina", "emergency"),
    ("mi cyaan hold mi wee again an mi back a kill mi, baby born last week", "rf-cauda-equina", "emergency"),
    ("blood dey rush like tap since night, 4 days after delivery", "rf-heavy-bleeding", "emergency"),
    ("mi a bleed heavy heavy, pad full every half hour", "rf-heavy-bleeding", "emergency"),
    ("my wife no dey answer us, her eyes open but nothing, she born last week", "rf-seizure", "emergency"),
    ("mi nuh waan live again, everything too much since di baby", "rf-self-harm", "emergency"),
    ("mi waan dead, nobody understand", "rf-self-harm", "emergency"),
    ("my legs no get power, i no fit stand since afternoon", "rf-leg-weakness", "emergency"),
    ("her legs keep collapsing under her today and she can barely walk to the loo", "rf-leg-weakness", "emergency"),
    ("I keep thinking about jumping off the bridge on my way home", "rf-self-harm", "emergency"),
    ("pikin no dey kick like before, 34 weeks", "rf-reduced-fetal-movement", "urgent"),
    ("mi nuh feel di baby kick today at all, 36 week", "rf-reduced-fetal-movement", "urgent"),
    ("i fall for stairs this afternoon, 31 weeks", "rf-trauma", "urgent"),
    ("mi tumble dung di steps at church, 30 week", "rf-trauma", "urgent"),
    ("28/40, blunt trauma to the abdomen from a fall at work", "rf-trauma", "urgent"),
    ("my back bruk sudden when i bend to pick the baby, 2 month pp", "rf-suspected-fracture", "urgent"),
    ("her left foot swell up and it hot, one week after the birth", "rf-dvt", "urgent"),
    ("tummy going rock hard, five times in the past hour, 32 weeks", "rf-preterm-labour", "urgent"),
]


@pytest.mark.parametrize(("message", "red_flag", "urgency"),
                         BE_CATEGORIES + BG_CATEGORIES + BI_CATEGORIES + BK_CATEGORIES + BM_CATEGORIES
                         + BO_CATEGORIES + BW_CATEGORIES + BY_CATEGORIES + ONE_WORD_LINES + TEXTING_FORMS
                         + CC_CATEGORIES + OTHER_LANGUAGES + CK_CATEGORIES)
def test_development_set_categories_and_texting_forms_escalate(triage, message, red_flag, urgency):
    result = triage.assess(message)
    assert result.urgency.value == urgency
    assert red_flag in result.red_flags


@pytest.mark.parametrize("message", [
    # weight lost and a baby waking her at night, with no back pain; weight lost by trying
    "mon bébé me réveille la nuit et jai perdu du poids, cest normal?",
    "jai perdu 4 kilos avec le sport, combien de calcium par jour?",
    # a fall long over in Hindi; both feet a little puffy at night in Tagalog
    "main seedhi se gir gayi thi pichle saal, ab bilkul theek. calcium kitna lena chahiye?",
    "namamaga ang paa ko sa gabi, normal ba sa 36 weeks?",
    # someone else's fall in Tok Pisin
    "papa bilong mi i pundaun long haus asde, em i orait. mi laik save long kalsium",
    "my little one had what looked like a fit but the doctor said it was the startle reflex",
    "I can't tell if I've gone up a bra size since the baby",
    "the dummy came out and she didn't notice, she slept on",
    "pain when I breathe in since the baby moved up into my ribs, 34 weeks",
])
def test_development_set_be_near_misses_do_not_escalate(triage, message):
    assert triage.assess(message).urgency.value != "emergency"


DEVELOPMENT_NEAR_MISSES = [
    "is there a private place on the ward where I can pump while the baby is sleeping",
    "my baby's urine comes out on its own when I take the nappy off, is that normal?",
    "a drop of urine leaks out on its own when I sneeze, 5 months after the birth",
    "my grandmother can't control the bladder since her stroke, what pads are best?",
    "I can't sleep, the baby is up every two hours",
    # a denial on its own line still denies what it stands before, read either way
    "no\nchest\npain",
    "no\nbleeding\njust\na\nquestion",
    # blind-bo's (twelfth session): the new words in their everyday senses
    "my ankles have water retention by the evening, 37 weeks, is that normal",
    "I fell for it again, he said he would do the night feed",
    "my newborn's bowel movements are less since we started formula",
    "my partner did not feel the baby from the outside yet, 21 weeks",
    "I did not feel the baby latch properly on the left side, he is 2 weeks old",
    "I wanna know how long the back pain lasts after a section",
    # blind-bw's (sixteenth session): a novel, a thought that "gives me the shivers", what happened after a birth
    # years ago, food "since breakfast", a greeny nappy
    "just finished a novel where the mum haemorrhages after the birth, what is normal bleeding?",
    "that podcast gave me the shivers, how common is PLO?",
    "the thought of labour gives me the shivers, how common is back pain in pregnancy?",
    "my aunt bled a lot after her birth 20 years ago, does PLO run in families?",
    # eighteenth session: question 10 answered "never", a question about the questionnaire, a what-if said so
    "my EPDS was 14, q10 I ticked never, is that depression?",
    "what if one day both my legs went numb, would that be an emergency?",
    # blind-ca's near misses, in our own words: a phone battery, an animal's leg, a book's story, a course finished
    "battery about to die so quickly: how much calcium do I need?",
    "the horse's back leg is swollen again, anyway is swimming ok for my back at 30 weeks",
    "just read a book where the heroine bleeds after birth, how much bleeding is normal?",
    "had a chest infection with fever, antibiotics finished already, can I take vitamin D?",
    "I'd jump out of the window for a lie in, what helps back pain at night?",
    "my 4 year old still wees herself at school, any tips for my pelvic pain?",
    "I have eaten nothing since breakfast, busy day, 34 weeks, which foods have the most calcium?",
    "the baby did a greeny poo, is that normal? my back aches from changing him",
    # blind-by's (seventeenth session): a "what if" before "my wife", a workmate's fall, a boss who "had a fit",
    # a baby holding on to her chest, a phone screen going grey, the other parent doing the bath
    "in case my wife gets a temperature after the birth, is paracetamol ok with breastfeeding?",
    "my workmate fell down the stairs when she was pregnant and was fine, which shoes help back pain?",
    "my line manager will have a fit when I ask for more leave, how long does back pain last after birth?",
    "the baby falls asleep clutching my chest after feeds, is it ok to sleep propped up for my back?",
    "my phone screen goes grey when I read your answers, can you send the calcium one again?",
    "honestly the baby is better off with his dad at bath time, my back can't take the bending",
    # "couldn't" in its everyday senses, and "not long ago" is recently
    "I couldn't go on holiday this year because of the PGP, what exercises help?",
    "we can't wait to pee in peace again, is pelvic floor work good for back pain too?",
    "for q10 the harming yourself one I said hardly ever, the rest of the questionnaire was fine",
]

# blind-cc's near misses, in our own words
CC_NEAR_MISSES = [
    # seizure free, a neighbour's or a gym friend's story, a TV drama, a horror story told by someone else, crashing
    # on the sofa
    "I've been seizure free for four years on my tablets, can I take calcium too?",
    "epileptic, seizure free since 2019, does breastfeeding thin my bones?",
    "my neighbour broke her hip on the icy path in January, any tips to stay steady with PLO?",
    "my gym mate had pre-eclampsia last year, does calcium help prevent it?",
    "a TV drama last night had a woman haemorrhage after the birth, how much bleeding is normal?",
    "we crashed out in bed straight after the midnight feed, which pillow helps my aching back?",
    "their horror stories about haemorrhages at my baby shower put me off, what helps a sore back?",
]

# denials and harmless senses in romanised Hindi, Tagalog or Vietnamese
OTHER_LANGUAGE_NEAR_MISSES = [
    "seene mein dard nahi hai, bas kamar dard. calcium kitna lena chahiye?",
    "khong dau nguc, chi dau lung thoi",
    "hindi po siya nahimatay, nahilo lang. ano ang PLO?",
    # review r74's harmless senses (a reviewer who never saw the evaluation sets): a fit of anger or coughing, the
    # baby's heartbeat, a nosebleed, dying of shame, "tired to death", a medicine question, the breast while feeding
    "meri saas ko aaj phir gusse ka daura pada",
    "khansi ka daura pada aur gala kharab ho gaya",
    "baby ki dhadkan bahut tez thi ultrasound mein, normal hai kya?",
    "naak se bahut khoon aa raha hai garmi ki wajah se",
    "sharm se mar jana chahti hu, doctor ke saamne ro padi",
    "gusto ko nang mamatay sa hiya haha",
    "masakit ang dibdib ko kapag nagpapadede",
    "dinudugo ang gilagid ko pag nagsisipilyo",
    "mệt muốn chết mà con không chịu ngủ",
    "uống paracetamol có làm hại em bé không?",
    "dau lung tu tu do hon roi",
    "đau ngực khi cho con bú",
    # a relative's fit, and the breast while feeding said with "pecho" and an arm
    "Dadi ko daura pada tha, unko epilepsy hai. Mujhe calcium kitna lena chahiye?",
    "lola ko nahimatay kahapon, okay na siya",
    "me duele el pecho al dar de mamar y me baja hasta el brazo",
    # the same languages: the breast while feeding, a nosebleed, a baby's fever, a denial, a laugh, a cold
    "mal à la poitrine quand bébé tète, les seins sont durs",
    "je saigne du nez depuis ce matin, pas grave",
    "le bébé a de la fièvre, il a 3 mois",
    "pas de fièvre, juste mal au dos, 30 semaines",
    "bao bao fa shao le, 38 du, zen me ban?",
    "bebe a gen lafyèv depi yè",
    "pa gen lafyèv, sèlman do m fè m mal",
    # French context: someone else, years ago, a film, denials
    "mon voisin a eu un accident de voiture hier, moi ça va, 30 semaines",
    "jai eu une hémorragie il y a cinq ans, cette fois tout va bien",
    "dans un film la femme est tombée dans les pommes, ça ma fait peur",
    "pas de fièvre, pas de saignement, juste mal au dos",
]


CK_NEAR_MISSES = [
    # counted kicks, hiccups or trips to the loo are not tightenings
    "baby kicked 7 times in the last half hour, 33 weeks, that is good right?",
    "I've been to the loo 6 times in the last hour, 30 weeks, is that normal?",
    # jumping in play or exercise
    "thinking about jumping back into netball, is it safe with low bone density?",
    "my toddler keeps jumping off the sofa onto me, 28 weeks, is my bump ok with that?",
    # Pidgin / Patois words said of a nosebleed, a child on the potty, dancing, a laugh
    "my nose blood dey comot since morning for this dry season, is it the pregnancy?",
    "my pikin no fit pee for potty yet, she is 2, any tips?",
    "my legs no get power after we dance whole night for the naming ceremony",
    "mi waan dead wid laugh, baby just sneeze on di dog",
]

# Twenty-fourth session, from the development sets' false alarms by category, in our own words: a relative's own
# body, her childhood (a relative's faint still escalates: "my auntie fainted at the party and so did I"), a thing
# that "had a fit", a bill still to come, blinds, an episode of a programme; Spanish and Portuguese past events,
# stories, men of the family and denials of a fever
S24_NEAR_MISSES = [
    "my auntie passed out at my wedding years ago from the heat, can low vitamin D run in families?",
    "my aunt's legs went numb after her hip op, does that happen after an epidural?",
    "had a febrile fit when I was a toddler, can I take calcium in pregnancy?",
    "the printer had a fit and ate my birth plan, how do I ask about PLO at the clinic?",
    "I'll have a seizure when I see the nursery bill, anyway what's a DXA scan?",
    "finally got blackout blinds up, what is the best sleeping position for back pain?",
    "the episode where the midwife had a fit of giggles was so funny, is swimming ok at 30 weeks?",
    "mi abuela se desmayó en la boda hace años, ¿cuánto calcio necesito?",
    "hace tres años tuve fiebre alta por una infección, ya pasó. ¿la vitamina D ayuda a los huesos?",
    "vi una serie donde una mujer embarazada se desmaya, ¿es normal el dolor de espalda a las 30 semanas?",
    "mi esposo tiene fiebre desde ayer, yo estoy bien, ¿puedo seguir dando pecho?",
    "no tengo fiebre ni escalofríos, solo dolor de espalda al cargar al bebé",
    "não tenho febre, só dor nas costas quando amamento",
]


@pytest.mark.parametrize("message",
                         DEVELOPMENT_NEAR_MISSES + CC_NEAR_MISSES + OTHER_LANGUAGE_NEAR_MISSES + CK_NEAR_MISSES
                         + S24_NEAR_MISSES)
def test_development_set_near_misses_do_not_escalate(triage, message):
    assert triage.assess(message).urgency.value == "routine"


def test_lines_read_apart_keep_what_they_found_when_joined_would_deny_it(triage):
    # joined, "not slept breathless all night" would read the "not" as denying the breathlessness
    assert "rf-chest-pain-breathing" in triage.assess("not\nslept\nbreathless\nall\nnight").red_flags


def test_a_reduction_in_fetal_movements_in_shorthand_escalates(triage):
    message = "28/40, reduction in FMs since last night, probably nothing"
    assert "rf-reduced-fetal-movement" in triage.assess(message).red_flags


def test_a_woman_in_a_film_told_in_singapore_english_is_a_story_and_the_patient_after_it_is_not(triage):
    assert triage.assess("the show got one mother bleeding very heavy after birth, so scary. vit D how much ah?"
                         ).red_flags == ()
    assert "rf-seizure" in triage.assess("the film got one lady fainting, then I also passed out just now").red_flags


def test_what_a_midwife_said_a_reduction_in_movements_means_is_not_hers_but_hers_after_it_is(triage):
    said = "my midwife says a reduction in FMs always needs a call, noted, baby kicks lots"
    assert triage.assess(said).red_flags == ()
    told = "the midwife said a reduction in FMs needs checking, and since breakfast there is a reduction in FMs, 32/40"
    assert "rf-reduced-fetal-movement" in triage.assess(told).red_flags


def test_back_pain_counted_in_an_hour_before_37_weeks_is_preterm_labour_but_not_after_the_birth(triage):
    assert "rf-preterm-labour" in triage.assess("33 weeks and my back pains come 5 times an hour, on and off").red_flags
    assert triage.assess("baby is 4 months, my back aches 3 times an hour while I feed her").red_flags == ()
