#!/usr/bin/env python3
"""Writes the labelled reading corpus for `tana read` (tests/data/reading/).

Every document below is fictitious: written by hand for tana's tests, in the
style of UNCAC Implementation Review Mechanism executive summaries, country
review reports and self-assessment checklists. The States named did not write
them. Each document carries its gold (the records a careful reader takes from
it), written with the text, by the rules of the gold format.

    python3 make_corpus.py            # DOCX + gold (+ PDF if soffice exists)
    python3 make_corpus.py --no-pdf   # DOCX + gold only

Requires python-docx; PDFs come from LibreOffice (soffice --headless).

Markup of the texts below, one block per line (an indented line continues
the block above it):
    T: title         H1:/H2:/H3: headings       * bullet     #. numbered item
    | a | b |  table row (the first row of a run is the header)
    anything else: a paragraph.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

DOCS = []


def doc(id, state, cycle, document, language, text, needs=(), challenges=(),
        good_practices=(), pdf=False, layout="normal", headings="styles",
        tests=""):
    """Registers one document with its gold.

    needs: (article, type) pairs; challenges: (article, category or None);
    good_practices: articles. layout: normal | narrow | columns.
    headings: styles (Word heading styles) | bold (bold paragraphs, as many
    UN documents are typed)."""
    DOCS.append(dict(id=id, state=state, cycle=cycle, document=document,
                     language=language, text=text, needs=list(needs),
                     challenges=list(challenges),
                     good_practices=list(good_practices), pdf=pdf,
                     layout=layout, headings=headings, tests=tests))


# --------------------------------------------------------------- writing

def parse_blocks(text):
    blocks = []
    for line in text.strip("\n").split("\n"):
        if not line.strip():
            continue
        if line[:1] in " \t" and blocks:
            kind, body = blocks[-1]
            if kind == "table":
                body[-1][-1] += " " + line.strip()
            else:
                blocks[-1] = (kind, body + " " + line.strip())
            continue
        line = line.rstrip()
        m = re.match(r"^(T|H1|H2|H3):\s*(.*)$", line)
        if m:
            blocks.append((m.group(1), m.group(2)))
        elif line.startswith("* "):
            blocks.append(("bullet", line[2:]))
        elif line.startswith("#. "):
            blocks.append(("number", line[3:]))
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("table", [cells]))
        else:
            blocks.append(("p", line))
    return blocks


def set_columns(section, n):
    sectPr = section._sectPr
    cols = sectPr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        sectPr.append(cols)
    cols.set(qn("w:num"), str(n))
    cols.set(qn("w:space"), "360")


def write_docx(d, path):
    document = Document()
    st = document.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(10 if d["layout"] == "columns" else 11)
    sec = document.sections[0]
    sec.page_width, sec.page_height = Inches(8.27), Inches(11.69)
    if d["layout"] == "narrow":
        sec.left_margin = sec.right_margin = Inches(2.2)
    elif d["layout"] == "columns":
        sec.left_margin = sec.right_margin = Inches(0.8)
        set_columns(sec, 2)
    else:
        sec.left_margin = sec.right_margin = Inches(1.1)
    if d["document"] == "executive_summary":
        # the running header and footer of a UN document: its symbol and job
        # number (in the DOCX header part, and on every page of the PDF)
        n = [x["id"] for x in DOCS].index(d["id"])
        symbol = ("CAC/COSP/IRG/I/%d/1/Add.%d" % (2 + n % 3, 3 + n) if d["cycle"] == 1
                  else "CAC/COSP/IRG/II/%d/1/Add.%d" % (1 + n % 3, 2 + n))
        sec.header.paragraphs[0].text = symbol
        sec.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        sec.footer.paragraphs[0].text = "V.%d-%05d" % (13 + d["cycle"] * 3 + n % 2, 80000 + 137 * n)
    for kind, body in parse_blocks(d["text"]):
        if kind == "T":
            p = document.add_paragraph()
            r = p.add_run(body)
            r.bold = True
            r.font.size = Pt(14)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind in ("H1", "H2", "H3"):
            level = int(kind[1])
            if d["headings"] == "styles":
                document.add_heading(body, level=level)
            else:
                p = document.add_paragraph()
                r = p.add_run(body)
                r.bold = True
                if level == 3:
                    r.italic = True
        elif kind == "bullet":
            document.add_paragraph(body, style="List Bullet")
        elif kind == "number":
            document.add_paragraph(body, style="List Number")
        elif kind == "table":
            rows = body
            width = max(len(r) for r in rows)
            t = document.add_table(rows=len(rows), cols=width)
            t.style = "Table Grid"
            for i, row in enumerate(rows):
                for j in range(width):
                    cell = t.cell(i, j)
                    cell.text = row[j] if j < len(row) else ""
                    if i == 0:
                        for r in cell.paragraphs[0].runs:
                            r.bold = True
            document.add_paragraph()
        else:
            document.add_paragraph(body)
    document.core_properties.title = ""
    document.core_properties.author = "tana test corpus (fictitious)"
    import datetime
    stamp = datetime.datetime(2026, 1, 1)
    document.core_properties.created = stamp
    document.core_properties.modified = stamp
    document.core_properties.last_modified_by = "make_corpus.py"
    document.save(path)
    normalize_zip(path)


def normalize_zip(path):
    """Rewrites the DOCX with fixed member dates, so a rebuild gives the same
    bytes when the text has not changed."""
    import zipfile
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)


# --------------------------------------------------------------- gold

def load_codes():
    types = {1: set(), 2: set()}
    with open(os.path.join(ROOT, "data", "need-types.csv")) as f:
        for row in csv.DictReader(f):
            types[int(row["cycle"])].add(row["code"])
    with open(os.path.join(ROOT, "data", "challenge-categories.csv")) as f:
        cats = {row["code"] for row in csv.DictReader(f)}
    with open(os.path.join(ROOT, "data", "country-name-aliases.csv")) as f:
        states = {row["iso3"] for row in csv.DictReader(f)}
    return types, cats, states


CYCLE_ARTICLES = {1: set(range(15, 51)), 2: set(range(5, 15)) | set(range(51, 60))}


def gold_of(d, types, cats, states):
    assert d["state"] in states, d["id"]
    assert d["language"] in ("en", "fr", "es"), d["id"]
    assert d["document"] in ("executive_summary", "country_report",
                             "self_assessment"), d["id"]
    c = d["cycle"]
    needs, seen = [], set()
    for a, t in d["needs"]:
        assert t in types[c], (d["id"], t)
        assert a == 0 or a in CYCLE_ARTICLES[c], (d["id"], a)
        assert (a, t) not in seen, (d["id"], a, t)
        seen.add((a, t))
        needs.append({"article": a, "type": t})
    chal, seen = [], set()
    for a, k in d["challenges"]:
        assert k is None or k in cats, (d["id"], k)
        assert a in CYCLE_ARTICLES[c], (d["id"], a)
        assert a not in seen, (d["id"], a)
        seen.add(a)
        chal.append({"article": a, "category": k})
    gps = []
    for a in d["good_practices"]:
        assert a in CYCLE_ARTICLES[c], (d["id"], a)
        assert a not in gps, (d["id"], a)
        gps.append(a)
    return {"state": d["state"], "cycle": c, "document": d["document"],
            "language": d["language"], "needs": needs, "challenges": chal,
            "good_practices": [{"article": a} for a in gps]}


def R(lo, hi):
    """Articles lo to hi inclusive."""
    return list(range(lo, hi + 1))


def each(articles, t):
    return [(a, t) for a in articles]


# =============================================================== ENGLISH

doc("en01_ken_c1_summary_bullets", "KEN", 1, "executive_summary", "en", pdf=True,
    tests="Cycle 1 executive summary, bullet lists; grouped articles; a good "
          "practice in 2.2; assistance already received (not a need); an "
          "article number inside a law's number.",
    text="""
T: Executive summary: Kenya
H1: 1. Introduction: Overview of the legal and institutional framework of Kenya in the context of implementation of the United Nations Convention against Corruption
Kenya signed the Convention on 9 December 2003 and ratified it on the same day. The Convention has the force of law in Kenya under article 2 (6) of the Constitution of 2010. The main pieces of legislation are the Anti-Corruption and Economic Crimes Act No. 3 of 2003, the Penal Code, the Proceeds of Crime and Anti-Money Laundering Act of 2009 and the Mutual Legal Assistance Act of 2011.
The Ethics and Anti-Corruption Commission, the Office of the Director of Public Prosecutions and the Financial Reporting Centre are the main bodies responsible for preventing and combating corruption.
H1: 2. Chapter III: Criminalization and law enforcement
H2: 2.1. Observations on the implementation of the articles under review
H3: Bribery and trading in influence (arts. 15, 16, 18 and 21)
Active and passive bribery of national public officials is criminalized in sections 39 and 46 of the Act No. 3 of 2003. Bribery of foreign public officials is covered by the Bribery Act of 2016, although the reviewers observed that the definition of "foreign public official" does not extend to officials of public international organizations. Trading in influence is only partly covered.
H3: Money-laundering, concealment (arts. 23 and 24)
Kenya has criminalized the laundering of proceeds of crime in sections 3 to 7 of the Proceeds of Crime and Anti-Money Laundering Act. All offences are predicate offences.
H3: Liability of legal persons (art. 26)
The criminal, civil and administrative liability of legal persons is established.
H2: 2.2. Successes and good practices
* The establishment of a multi-agency team bringing together the investigative and prosecutorial bodies, which meets weekly on major cases (art. 36).
* The provision allowing the court to order the forfeiture of unexplained assets in civil proceedings (art. 31).
H2: 2.3. Challenges in implementation
The following steps could further strengthen existing anti-corruption measures:
* Extend the offence of bribery of foreign public officials to officials of public international organizations (art. 16).
* Criminalize trading in influence in all its elements (art. 18).
* Address the limited resources of the Witness Protection Agency, whose programme covers fewer than 40 persons (art. 32).
* Strengthen coordination among the Ethics and Anti-Corruption Commission, the police and the prosecution, as the lack of inter-agency coordination delays cases (art. 38).
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
* Legal advice and model legislation for amending the Bribery Act No. 47 of 2016 so that it covers officials of public international organizations (art. 16).
* Capacity-building programmes for investigators and prosecutors on money-laundering cases (art. 23).
* A summary of good practices on the protection of witnesses and reporting persons (arts. 32 and 33).
Kenya is already receiving assistance from the United Nations Development Programme for a case management system for the Office of the Director of Public Prosecutions, and no further assistance was sought in that area.
H1: 3. Chapter IV: International cooperation
H2: 3.1. Observations on the implementation of the articles under review
Extradition is governed by the Extradition (Contiguous and Foreign Countries) Act and the Extradition (Commonwealth Countries) Act. Mutual legal assistance is regulated by the Mutual Legal Assistance Act No. 36 of 2011, which allows Kenya to cooperate in the absence of a treaty (art. 46).
H2: 3.2. Successes and good practices
* The designation of the Office of the Attorney-General as a central authority, with a dedicated unit responding to requests within set deadlines (art. 46, para. 13).
H2: 3.3. Challenges in implementation
* Kenya should consider concluding further agreements on the transfer of sentenced persons (art. 45).
* Limited capacity of the central authority to track incoming and outgoing requests (art. 46).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
* Model agreements on the transfer of sentenced persons (art. 45).
* Technological assistance: a case management system for the central authority, and training of its staff in its use (art. 46).
* An on-site expert to advise on joint investigations (art. 49).
""",
    needs=[(16, "legislative_drafting"), (16, "model_legislation"),
           (23, "capacity_building"), (32, "good_practices"), (33, "good_practices"),
           (45, "model_agreements"), (46, "technological"), (46, "capacity_building"),
           (49, "onsite_expert")],
    challenges=[(16, None), (18, None), (32, "resources"), (38, "coordination"),
                (45, None), (46, "capacity")],
    good_practices=[36, 31, 46])

doc("en02_mng_c1_country_report", "MNG", 1, "country_report", "en", pdf=True,
    tests="Cycle 1 country report, one section per article with (a)-(e) "
          "subsections; 'No technical assistance needs were identified' under "
          "several articles; 'did not request further assistance'; a law "
          "number and a date near article numbers; a table of cases.",
    text="""
T: Country review report of Mongolia
Review by Kyrgyzstan and Sri Lanka of the implementation by Mongolia of articles 15 to 42 of chapter III, "Criminalization and law enforcement", and articles 44 to 50 of chapter IV, "International cooperation", of the United Nations Convention against Corruption for the review cycle 2010-2015
H1: I. Introduction
The review of Mongolia was carried out by governmental experts of Kyrgyzstan and Sri Lanka, with the secretariat. The country visit took place in Ulaanbaatar from 16 to 20 September 2012.
H1: II. Process
The self-assessment checklist of Mongolia was received on 31 January 2012. A joint meeting was held at the Independent Authority against Corruption.
H1: III. Implementation of the Convention
H2: Chapter III. Criminalization and law enforcement
H3: Article 15. Bribery of national public officials
(a) Summary of information relevant to reviewing the implementation of the article
Mongolia cited articles 268 and 269 of the Criminal Code and the Law on Anti-Corruption of 6 July 2006, as amended by Law No. 15 of 2012.
(b) Observations on the implementation of the article
The reviewers found that the promise and offer of a bribe are not explicitly covered, although courts have treated them as attempts.
(c) Successes and good practices
None were noted.
(d) Challenges, where applicable
Mongolia should criminalize the promise and the offer of an undue advantage, as the inadequacy of existing normative measures leaves a gap in the law.
(e) Technical assistance needs
Mongolia indicated that legislative drafting assistance would help it to amend the Criminal Code.
H3: Article 16. Bribery of foreign public officials and officials of public international organizations
(a) Summary of information relevant to reviewing the implementation of the article
Mongolia has not established the offence.
(b) Observations on the implementation of the article
The reviewers noted that a draft Criminal Code, to be submitted to Parliament before the end of 2013, would establish the offence.
(c) Challenges, where applicable
Adoption of the draft provisions on foreign bribery; limited awareness among public officials and the private sector of the offence.
(d) Technical assistance needs
Mongolia identified the following needs: model legislation; a summary of good practices and lessons learned; capacity-building programmes for the authorities responsible for investigating the offence.
H3: Article 20. Illicit enrichment
(a) Summary of information relevant to reviewing the implementation of the article
Mongolia has considered establishing the offence; the asset declaration system under the Law on Anti-Corruption is administered by the Independent Authority against Corruption.
(b) Observations on the implementation of the article
The reviewers encouraged Mongolia to continue its consideration of the offence.
(c) Technical assistance needs
No technical assistance needs were identified.
H3: Article 23. Laundering of proceeds of crime
(a) Summary of information relevant to reviewing the implementation of the article
The Law on Combating Money Laundering and Terrorism Financing of 8 July 2013 establishes the offence. Statistics are given below.
| Year | Investigations | Prosecutions | Convictions |
| 2010 | 14 | 6 | 2 |
| 2011 | 19 | 9 | 4 |
| 2012 | 23 | 11 | 5 |
(b) Observations on the implementation of the article
The provisions are in line with the article. The reviewers noted the low number of convictions compared with investigations.
(c) Challenges, where applicable
Limited capacity of law enforcement officials to investigate complex money-laundering cases.
(d) Technical assistance needs
Mongolia requested training for investigators, prosecutors and judges on financial investigations, and on-site assistance by an expert in the Financial Information Unit.
H3: Article 31. Freezing, seizure and confiscation
(a) Summary of information relevant to reviewing the implementation of the article
Articles 48 and 49 of the Criminal Code provide for confiscation of instrumentalities and proceeds.
(b) Observations on the implementation of the article
Value-based confiscation is not provided for (art. 31, para. 1 (a)).
(c) Challenges, where applicable
Establishing value-based confiscation and an authority to administer frozen, seized and confiscated property (art. 31, para. 3).
(d) Technical assistance needs
Mongolia indicated that it did not request further assistance for this article, as a project with a bilateral partner is under way.
H3: Article 36. Specialized authorities
(a) Summary of information relevant to reviewing the implementation of the article
The Independent Authority against Corruption was established in 2007.
(b) Observations on the implementation of the article
The Authority has a staff of 110 and operational independence.
(c) Successes and good practices
The reviewers commended the Authority's public outreach programme, including its online reporting system, as a good practice.
(d) Technical assistance needs
No technical assistance needs were identified.
H2: Chapter IV. International cooperation
H3: Article 44. Extradition
(a) Summary of information relevant to reviewing the implementation of the article
Mongolia has concluded extradition treaties with 19 States. Mongolia may use the Convention as a legal basis.
(b) Observations on the implementation of the article
The reviewers noted that no statistics were available on requests.
(c) Challenges, where applicable
The absence of a system to record extradition requests, owing to limited resources.
(d) Technical assistance needs
Model treaties on extradition, and technological assistance to set up a database of requests.
H3: Article 46. Mutual legal assistance
(a) Summary of information relevant to reviewing the implementation of the article
The Ministry of Justice is the central authority. Mongolia has concluded mutual legal assistance treaties with 23 States.
(b) Observations on the implementation of the article
Mongolia has not notified the Secretary-General of its central authority and of the acceptable languages (art. 46, paras. 13 and 14).
(c) Challenges, where applicable
Mongolia should notify the Secretary-General of its central authority and acceptable languages.
(d) Technical assistance needs
No technical assistance needs were identified.
""",
    needs=[(15, "legislative_drafting"), (16, "model_legislation"),
           (16, "good_practices"), (16, "capacity_building"),
           (23, "capacity_building"), (23, "onsite_expert"),
           (44, "model_agreements"), (44, "technological")],
    challenges=[(15, "normative"), (16, "awareness"), (23, "capacity"),
                (31, None), (44, "resources"), (46, None)],
    good_practices=[36])

doc("en03_gha_c2_summary_prose", "GHA", 2, "executive_summary", "en",
    tests="Cycle 2 executive summary, needs in prose paragraphs; a general "
          "need tied to no article; challenges with categories in prose; "
          "good practices in prose.",
    text="""
T: Executive summary: Ghana
H1: 1. Introduction
H2: Overview of the legal and institutional framework of Ghana in the context of implementation of the United Nations Convention against Corruption
Ghana ratified the Convention on 27 June 2007. The implementation of chapters III and IV of the Convention by Ghana was reviewed in the second year of the first cycle, and the executive summary of that review was published in 2013.
The main institutions relevant to prevention are the Commission on Human Rights and Administrative Justice, the Office of the Special Prosecutor, the Public Procurement Authority, the Audit Service and the Financial Intelligence Centre.
H1: 2. Chapter II: Preventive measures
H2: 2.1. Observations on the implementation of the articles under review
H3: Preventive anti-corruption policies and practices; preventive anti-corruption body or bodies (arts. 5 and 6)
Ghana adopted the National Anti-Corruption Action Plan for the period 2015-2024, which is coordinated by the Commission on Human Rights and Administrative Justice. Ghana participates in regional anti-corruption networks.
H3: Public sector; codes of conduct for public officials; measures relating to the judiciary and prosecution services (arts. 7, 8 and 11)
The recruitment of civil servants is merit-based. Asset declarations are made under the Public Office Holders (Declaration of Assets and Disqualification) Act, 1998 (Act 550), but they are not verified.
H3: Public procurement and management of public finances (art. 9)
The Public Procurement Act, 2003 (Act 663), as amended in 2016, governs procurement.
H2: 2.2. Successes and good practices
The reviewers noted as good practices the annual progress reports on the implementation of the National Anti-Corruption Action Plan, which are debated in Parliament (art. 5), and the electronic publication of all procurement notices and contract awards by the Public Procurement Authority (art. 9).
H2: 2.3. Challenges in implementation
The reviewers found that the Commission on Human Rights and Administrative Justice faces limited resources, both financial and human, for its preventive mandate (art. 6). The asset declaration regime should be reviewed so that declarations are verified and made public (art. 8). With respect to the private sector, there is limited awareness of the accounting standards and of the prohibition of the tax deductibility of bribes (art. 12). Ghana should also strengthen the involvement of civil society in decision-making (art. 13).
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
Ghana expressed a general need for capacity-building for all institutions with a preventive mandate. More specifically, Ghana would benefit from institution-building for the Commission on Human Rights and Administrative Justice (art. 6) and from legislative assistance for the revision of the asset declaration law (art. 8).
H1: 3. Chapter V: Asset recovery
H2: 3.1. Observations on the implementation of the articles under review
H3: General provision; bilateral and multilateral agreements and arrangements (arts. 51 and 59)
Ghana can provide assistance for asset recovery on the basis of the Mutual Legal Assistance Act, 2010 (Act 807) and of the Convention.
H3: Prevention and detection of transfers of proceeds of crime; financial intelligence unit (arts. 52 and 58)
Banks are required to apply enhanced due diligence to politically exposed persons. The Financial Intelligence Centre is a member of the Egmont Group.
H2: 3.2. Successes and good practices
The reviewers did not identify any particular good practice under chapter V.
H2: 3.3. Challenges in implementation
Ghana should adopt a legal framework for the direct recovery of property, including civil actions by other States (art. 53), and should establish procedures for the return of confiscated property (art. 57).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
Ghana indicated that it would benefit from research and data-gathering on the volume of proceeds of corruption transferred abroad (art. 52) and from the facilitation of international cooperation with other countries on the return of assets (art. 57).
""",
    needs=[(0, "capacity_building"), (6, "institution_building"),
           (8, "legislative_assistance"), (52, "research"),
           (57, "international_cooperation")],
    challenges=[(6, "resources"), (8, None), (12, "awareness"), (13, None),
                (53, None), (57, None)],
    good_practices=[5, 9])

doc("en04_phl_c1_summary_prose", "PHL", 1, "executive_summary", "en",
    headings="bold",
    tests="Cycle 1 executive summary in prose with bold (unstyled) headings; "
          "'did not request further assistance' for chapter IV; a need "
          "naming several types in one sentence; a chapter-level need.",
    text="""
T: Executive summary: Philippines
H1: 1. Introduction: Overview of the legal and institutional framework of the Philippines in the context of implementation of the United Nations Convention against Corruption
The Philippines signed the Convention on 9 December 2003 and ratified it on 8 November 2006. The Anti-Graft and Corrupt Practices Act (Republic Act No. 3019), the Revised Penal Code and the Anti-Money Laundering Act of 2001 (Republic Act No. 9160) are the main laws. The Office of the Ombudsman and the Sandiganbayan, a special anti-graft court, are at the centre of the institutional framework.
H1: 2. Chapter III: Criminalization and law enforcement
H2: 2.1. Observations on the implementation of the articles under review
Direct and indirect bribery are criminalized in articles 210 to 212 of the Revised Penal Code. The bribery of foreign public officials is not criminalized (art. 16). Embezzlement is criminalized as malversation of public funds. The Philippines has criminalized illicit enrichment through Republic Act No. 1379 of 1955.
H2: 2.2. Successes and good practices
The reviewers commended the continuous trial system of the Sandiganbayan, which has shortened the duration of proceedings (art. 30), and the Ombudsman's power to preventively suspend officials under investigation (art. 30, para. 6). The forfeiture proceedings for unexplained wealth under Republic Act No. 1379 were also noted as a good practice (art. 20).
H2: 2.3. Challenges in implementation
The reviewers recommended that the Philippines criminalize the bribery of foreign public officials and officials of public international organizations (art. 16) and bribery in the private sector (art. 21). The protection of witnesses is hampered by limited resources of the witness protection programme of the Department of Justice (art. 32). The Philippines should also consider adopting measures to protect reporting persons (art. 33).
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
The Philippines indicated that legislative drafting, model legislation and a summary of good practices would help it to criminalize the bribery of foreign public officials (art. 16) and bribery in the private sector (art. 21). It also sought capacity-building for the protection of reporting persons (art. 33). In addition, the Philippines identified a need for training in financial investigations for the investigators of the Office of the Ombudsman and the Anti-Money Laundering Council in chapter III cases generally.
H1: 3. Chapter IV: International cooperation
H2: 3.1. Observations on the implementation of the articles under review
Extradition is governed by Presidential Decree No. 1069 of 1977. The Philippines has concluded 13 extradition treaties and cannot extradite in the absence of a treaty; it may use the Convention as a legal basis (art. 44, para. 5). Mutual legal assistance is provided under treaties; the Department of Justice is the central authority.
H2: 3.2. Successes and good practices
The Philippines' practice of holding consultations with requesting States before refusing a request was noted as a good practice (art. 46, para. 26).
H2: 3.3. Challenges in implementation
The Philippines should consider adopting a law on mutual legal assistance to allow assistance in the absence of a treaty (art. 46) and should consider concluding agreements on the transfer of criminal proceedings (art. 47).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
The Philippines did not request further assistance with the implementation of chapter IV.
""",
    needs=[(16, "legislative_drafting"), (16, "model_legislation"), (16, "good_practices"),
           (21, "legislative_drafting"), (21, "model_legislation"), (21, "good_practices"),
           (33, "capacity_building"), (0, "capacity_building")],
    challenges=[(16, None), (21, None), (32, "resources"), (33, None),
                (46, None), (47, None)],
    good_practices=[30, 20, 46])

doc("en05_idn_c2_summary_bullets", "IDN", 2, "executive_summary", "en", pdf=True,
    layout="narrow",
    tests="Cycle 2 executive summary with bullet lists, narrow column (lines "
          "break inside references in the PDF); grouped articles 'arts. 52 to "
          "54'; one bullet naming several types; assistance under way.",
    text="""
T: Executive summary: Indonesia
H1: 1. Introduction
Indonesia ratified the Convention by Law No. 7 of 2006. The Corruption Eradication Commission (KPK), the Attorney General's Office, the Indonesian Financial Transaction Reports and Analysis Centre (PPATK) and the Ministry of Administrative and Bureaucratic Reform are the main institutions.
H1: 2. Chapter II: Preventive measures
H2: 2.1. Observations on the implementation of the articles under review
Indonesia adopted the National Strategy on Corruption Prevention by Presidential Regulation No. 54 of 2018. The Corruption Eradication Commission has a prevention mandate and conducts studies of corruption risks in ministries (arts. 5 and 6). Public procurement is governed by Presidential Regulation No. 16 of 2018 (art. 9).
H2: 2.2. Successes and good practices
* The national e-procurement system, used by all ministries and most local governments (art. 9).
* The online system for filing and publishing asset declarations of State officials (art. 8, para. 5).
H2: 2.3. Challenges in implementation
* Indonesia should ensure that the Corruption Eradication Commission has the necessary independence (art. 6, para. 2).
* Strengthen the codes of conduct for public officials and the system for reporting conflicts of interest (art. 8).
* Address the lack of coordination between the national and local procurement authorities (art. 9).
* Limited capacity of the judicial commission to monitor the conduct of judges (art. 11).
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
* Policymaking, research and capacity-building to strengthen the national anti-corruption strategy (art. 5).
* Capacity-building for auditors of the Supreme Audit Board (art. 9).
* Research/data-gathering on integrity in the private sector (art. 12).
Indonesia noted that it already benefits from an ongoing programme of assistance on the prevention of money-laundering (art. 14).
H1: 3. Chapter V: Asset recovery
H2: 3.1. Observations on the implementation of the articles under review
Indonesia can recover assets through the Law on Mutual Legal Assistance in Criminal Matters (Law No. 1 of 2006). Non-conviction-based forfeiture is not yet available.
H2: 3.2. Successes and good practices
* The asset recovery centre established at the Attorney General's Office (art. 51).
H2: 3.3. Challenges in implementation
* Adopt the draft law on non-conviction-based forfeiture (art. 54, para. 1 (c)).
* Establish a mechanism for the management of seized assets and for their return (art. 57).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
* Legislative assistance on non-conviction-based forfeiture and on the recognition of foreign orders (arts. 52 to 54).
* Facilitation of international cooperation with other countries in asset tracing (art. 55).
* Institution-building for the asset management agency (art. 57).
""",
    needs=[(5, "policymaking"), (5, "research"), (5, "capacity_building"),
           (9, "capacity_building"), (12, "research"),
           (52, "legislative_assistance"), (53, "legislative_assistance"),
           (54, "legislative_assistance"), (55, "international_cooperation"),
           (57, "institution_building")],
    challenges=[(6, None), (8, None), (9, "coordination"), (11, "capacity"),
                (54, None), (57, None)],
    good_practices=[9, 8, 51])

doc("en06_jam_c1_summary_no_needs", "JAM", 1, "executive_summary", "en",
    tests="Cycle 1 executive summary with no technical assistance needs in "
          "either chapter; challenges and good practices only; 'good "
          "practices' wording in the successes section; articles in "
          "observations.",
    text="""
T: Executive summary: Jamaica
H1: 1. Introduction: Overview of the legal and institutional framework of Jamaica in the context of implementation of the United Nations Convention against Corruption
Jamaica ratified the Convention on 5 March 2008. Jamaica has a common law system. The Corruption Prevention Act of 2000, the Proceeds of Crime Act of 2007 and the Extradition Act of 1991 are relevant. The Integrity Commission was established by the Integrity Commission Act of 2017.
H1: 2. Chapter III: Criminalization and law enforcement
H2: 2.1. Observations on the implementation of the articles under review
H3: Bribery and trading in influence (arts. 15, 16, 18 and 21)
Section 14 of the Corruption Prevention Act criminalizes active and passive bribery of public servants. Trading in influence is not criminalized as such (art. 18). Bribery in the private sector is partly covered by the Larceny Act (art. 21).
H3: Money-laundering, concealment (arts. 23 and 24)
Sections 92 and 93 of the Proceeds of Crime Act cover the laundering of proceeds of crime in line with article 23.
H3: Protection of witnesses, experts and victims; protection of reporting persons (arts. 32 and 33)
The Justice Protection Act of 2001 establishes a witness protection programme. The Protected Disclosures Act of 2011 protects reporting persons.
H2: 2.2. Successes and good practices
Overall, the following good practices were identified:
* The reporting and protection framework under the Protected Disclosures Act of 2011 (art. 33).
* The cash seizure and forfeiture powers under the Proceeds of Crime Act, which have been used extensively (art. 31).
H2: 2.3. Challenges in implementation
The following steps could further strengthen existing anti-corruption measures:
* Jamaica should consider criminalizing trading in influence (art. 18).
* Consider establishing the liability of legal persons for all offences under the Convention (art. 26).
* Increase the statute of limitations for summary offences under the Corruption Prevention Act (art. 29).
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
No technical assistance needs were identified.
H1: 3. Chapter IV: International cooperation
H2: 3.1. Observations on the implementation of the articles under review
Jamaica can extradite on the basis of the Extradition Act to designated Commonwealth countries and to treaty States (art. 44). The Mutual Assistance (Criminal Matters) Act of 1995 regulates mutual legal assistance (art. 46).
H2: 3.2. Successes and good practices
* The use of video-link testimony in mutual legal assistance cases (art. 46, para. 18).
H2: 3.3. Challenges in implementation
* Jamaica should consider extending extradition to non-designated countries on the basis of the Convention (art. 44).
* Adopt measures on joint investigations (art. 49).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
Jamaica did not identify any technical assistance needs with regard to chapter IV.
""",
    needs=[],
    challenges=[(18, None), (26, None), (29, None), (44, None), (49, None)],
    good_practices=[33, 31, 46])

doc("en07_ukr_c2_country_report", "UKR", 2, "country_report", "en", pdf=True,
    tests="Cycle 2 country report, sections per article with '(c) Technical "
          "assistance needs' (the short form); articles cited in other "
          "articles' observations; a need sentence with two types; a "
          "'no technical assistance needs' section; a table of declarations.",
    text="""
T: Country review report of Ukraine
Review by Latvia and Mongolia of the implementation by Ukraine of articles 5 to 14 of chapter II (Preventive measures) and articles 51 to 59 of chapter V (Asset recovery) of the United Nations Convention against Corruption for the review cycle 2016-2021
H1: I. Introduction
The country visit took place in Kyiv from 3 to 5 June 2019.
H1: II. Implementation of the Convention
H2: Chapter II. Preventive measures
H3: Article 5. Preventive anti-corruption policies and practices
(a) Summary of information relevant to reviewing the implementation of the article
Ukraine adopted the Anti-Corruption Strategy for 2014-2017 by Law No. 1699-VII of 14 October 2014. A new strategy was being drafted at the time of the review.
(b) Observations on the implementation of the article
The reviewers noted that the strategy had expired in 2017 and that its successor was under discussion in Parliament.
(c) Technical assistance needs
Ukraine requested assistance with policymaking and research on measuring the effectiveness of anti-corruption policies.
H3: Article 6. Preventive anti-corruption body or bodies
(a) Summary of information relevant to reviewing the implementation of the article
The National Agency on Corruption Prevention (NACP) was established by the Law on Prevention of Corruption of 14 October 2014.
(b) Observations on the implementation of the article
The NACP's independence is provided for in law. The agency started its operations in 2016 and has regional offices.
(c) Technical assistance needs
No technical assistance needs were identified.
H3: Article 8. Codes of conduct for public officials
(a) Summary of information relevant to reviewing the implementation of the article
Officials file electronic asset declarations, which are published online. The NACP verifies declarations.
| Year | Declarations filed | Full verifications |
| 2017 | 1,163,000 | 247 |
| 2018 | 1,290,000 | 1,206 |
(b) Observations on the implementation of the article
The number of full verifications remains low. Codes of conduct are in place for most categories of officials.
(c) Challenges, where applicable
Limited capacity of the NACP to verify declarations, in view of their volume.
(d) Technical assistance needs
Ukraine identified a need for capacity-building for the verification staff of the NACP.
H3: Article 9. Public procurement and management of public finances
(a) Summary of information relevant to reviewing the implementation of the article
The ProZorro electronic procurement system is mandatory for all procuring entities (Law No. 922-VIII of 25 December 2015).
(b) Observations on the implementation of the article
The reviewers found that the system is in line with article 9, paragraph 1.
(c) Successes and good practices
The ProZorro system and the open data on contracts were noted as a good practice.
(d) Technical assistance needs
None.
H3: Article 14. Measures to prevent money-laundering
(a) Summary of information relevant to reviewing the implementation of the article
The Law No. 361-IX of 6 December 2019 on preventing and combating money-laundering came into force in April 2020.
(b) Observations on the implementation of the article
Supervision of designated non-financial businesses is limited (art. 14, para. 1 (a)).
(c) Challenges, where applicable
Limited resources of the supervisory authorities for non-financial businesses and professions.
(d) Technical assistance needs
Ukraine would welcome institution-building and capacity-building for the supervisors of non-financial businesses and professions.
H2: Chapter V. Asset recovery
H3: Article 52. Prevention and detection of transfers of proceeds of crime
(a) Summary of information relevant to reviewing the implementation of the article
Banks apply enhanced due diligence to politically exposed persons, including domestic ones.
(b) Observations on the implementation of the article
The provisions are in line with the article.
(c) Technical assistance needs
No technical assistance needs were identified.
H3: Article 54. Mechanisms for recovery of property through international cooperation in confiscation
(a) Summary of information relevant to reviewing the implementation of the article
Ukraine can enforce foreign confiscation orders. Non-conviction-based confiscation was introduced in 2015 for certain cases only.
(b) Observations on the implementation of the article
The reviewers recommended extending non-conviction-based confiscation (art. 54, para. 1 (c)) and considering the article 55 procedures when revising the Criminal Procedure Code.
(c) Challenges, where applicable
Extending non-conviction-based confiscation to cases where the offender cannot be prosecuted.
(d) Technical assistance needs
Legislative assistance for the revision of the Criminal Procedure Code.
H3: Article 58. Financial intelligence unit
(a) Summary of information relevant to reviewing the implementation of the article
The State Financial Monitoring Service is the financial intelligence unit and a member of the Egmont Group since 2004.
(b) Observations on the implementation of the article
The article is implemented.
(c) Successes and good practices
The Service's public annual typologies report is a good practice.
(d) Technical assistance needs
Ukraine is receiving support from a bilateral donor to upgrade the Service's information system, and indicated that no further assistance was needed.
""",
    needs=[(5, "policymaking"), (5, "research"), (8, "capacity_building"),
           (14, "institution_building"), (14, "capacity_building"),
           (54, "legislative_assistance")],
    challenges=[(8, "capacity"), (14, "resources"), (54, None)],
    good_practices=[9, 58])

doc("en08_fji_c1_summary_grouped", "FJI", 1, "executive_summary", "en", pdf=True,
    layout="columns",
    tests="Cycle 1 executive summary in two narrow columns; grouped article "
          "references of every form: 'arts. 15, 16 and 21', 'articles 44 to "
          "50', 'art. 31, para. 1', 'paragraph 2 of article 46', '16(1)'; a "
          "date next to an article reference.",
    text="""
T: Executive summary: Fiji
H1: 1. Introduction: Overview of the legal and institutional framework of Fiji in the context of implementation of the United Nations Convention against Corruption
Fiji acceded to the Convention on 14 May 2008. The Crimes Act of 2009 (Decree No. 44 of 2009), the Prevention of Bribery Promulgation of 2007 and the Proceeds of Crime Act of 1997 constitute the main legal framework. The Fiji Independent Commission against Corruption (FICAC) investigates and prosecutes corruption offences.
H1: 2. Chapter III: Criminalization and law enforcement
H2: 2.1. Observations on the implementation of the articles under review
Fiji has criminalized active and passive bribery of public officials, and bribery of foreign public officials under section 4 of the Prevention of Bribery Promulgation, in line with article 16(1). The solicitation by foreign officials (art. 16, para. 2) is not covered.
H2: 2.2. Successes and good practices
The reviewers noted as good practices the unexplained wealth provisions of the Prevention of Bribery Promulgation (art. 20), which have led to convictions since 1 January 2010, and the specialized anti-corruption division of the Magistrates Court (art. 36).
H2: 2.3. Challenges in implementation
Fiji should consider:
* Criminalizing passive bribery of foreign public officials and officials of public international organizations (16(2)).
* Expanding the scope of the bribery offences in the private sector (art. 21).
* Providing for value-based confiscation and for the confiscation of property into which proceeds have been transformed (art. 31, para. 1 and para. 4).
* Adopting measures for the protection of reporting persons (art. 33), in view of the limited awareness of the public of existing reporting channels.
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
* Legal advice on bribery offences (arts. 15, 16 and 21).
* Model legislation on the confiscation of proceeds of crime (art. 31, para. 1).
* Capacity-building for the investigators of FICAC on the tracing of proceeds (arts. 23 and 31).
* Model legislation and good practices on the protection of reporting persons (art. 33).
H1: 3. Chapter IV: International cooperation
H2: 3.1. Observations on the implementation of the articles under review
The Extradition Act of 2003 and the Mutual Assistance in Criminal Matters Act of 1997 regulate international cooperation. Fiji may extradite in the absence of a treaty.
H2: 3.2. Successes and good practices
No particular good practice was identified under chapter IV.
H2: 3.3. Challenges in implementation
* Fiji should notify the Secretary-General of its central authority, as required by paragraph 13 of article 46.
* Consider concluding agreements or arrangements on joint investigations (art. 49).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
Fiji identified a need for capacity-building programmes for the officers of the Office of the Director of Public Prosecutions and of FICAC handling requests under articles 44 to 50, and for a summary of good practices on the refusal of requests on the ground of dual criminality, as addressed in paragraph 9 of article 46.
""",
    needs=each([15, 16, 21], "legislative_drafting")
          + [(31, "model_legislation"), (23, "capacity_building"), (31, "capacity_building"),
             (33, "model_legislation"), (33, "good_practices")]
          + each(R(44, 50), "capacity_building") + [(46, "good_practices")],
    challenges=[(16, None), (21, None), (31, None), (33, "awareness"), (46, None),
                (49, None)],
    good_practices=[20, 36])

doc("en09_npl_c1_summary_table", "NPL", 1, "executive_summary", "en", pdf=True,
    tests="Cycle 1 executive summary whose needs are given in tables (article, "
          "type); one row with several articles; a row for assistance under "
          "way; a 'general' row tied to no article.",
    text="""
T: Executive summary: Nepal
H1: 1. Introduction: Overview of the legal and institutional framework of Nepal in the context of implementation of the United Nations Convention against Corruption
Nepal ratified the Convention on 31 March 2011. The Prevention of Corruption Act, 2059 (2002), the Asset (Money) Laundering Prevention Act, 2064 (2008) and the Commission for the Investigation of Abuse of Authority Act, 2048 (1991) form the main legal framework. The Commission for the Investigation of Abuse of Authority (CIAA) is the constitutional body for investigating corruption.
H1: 2. Chapter III: Criminalization and law enforcement
H2: 2.1. Observations on the implementation of the articles under review
Bribery of public officials is criminalized by sections 3 and 4 of the Prevention of Corruption Act. The bribery of foreign public officials has not been criminalized. Illicit enrichment is criminalized by section 20 of the Act.
H2: 2.2. Successes and good practices
* The power of the CIAA to conduct sting operations (art. 36).
H2: 2.3. Challenges in implementation
* Nepal should criminalize the bribery of foreign public officials (art. 16).
* The CIAA reported limited resources for investigations in districts outside Kathmandu (art. 36).
* Nepal should adopt a legal framework for the protection of witnesses and reporting persons (arts. 32 and 33).
* Consider establishing the criminal liability of legal persons (art. 26).
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
The needs identified by Nepal are summarized in the table below.
| Article | Technical assistance needed | Remarks |
| 16 | Legislative drafting; model legislation | Draft amendment to the Prevention of Corruption Act |
| 26 | Legal advice | |
| 32, 33 | Model legislation; on-site expert | Witness and whistle-blower protection bill |
| 36 | Case management system (technological assistance) | Being provided by a bilateral donor since 2013; no further need |
| 37 | Summary of good practices | Plea bargaining and immunity |
| General | Capacity-building programmes for investigators, prosecutors and judges | All offences under chapter III |
H1: 3. Chapter IV: International cooperation
H2: 3.1. Observations on the implementation of the articles under review
Nepal adopted the Extradition Act, 2070 (2014) and the Mutual Legal Assistance Act, 2070 (2014). Nepal has an extradition treaty with one State only.
H2: 3.2. Successes and good practices
None identified.
H2: 3.3. Challenges in implementation
* Nepal should make use of the Convention as a legal basis for extradition (art. 44).
* Designate a central authority for mutual legal assistance and notify the Secretary-General (art. 46).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
| Article | Technical assistance needed |
| 44 | Model treaties; capacity-building programmes |
| 46 | Model agreements; on-site expert |
| 48 | Technological assistance (secure channels for the exchange of information) |
""",
    needs=[(16, "legislative_drafting"), (16, "model_legislation"),
           (26, "legislative_drafting"), (32, "model_legislation"), (33, "model_legislation"),
           (32, "onsite_expert"), (33, "onsite_expert"), (37, "good_practices"),
           (0, "capacity_building"), (44, "model_agreements"), (44, "capacity_building"),
           (46, "model_agreements"), (46, "onsite_expert"), (48, "technological")],
    challenges=[(16, None), (36, "resources"), (32, None), (33, None), (26, None),
                (44, None), (46, None)],
    good_practices=[36])

doc("en10_bwa_c2_summary_general", "BWA", 2, "executive_summary", "en",
    headings="bold",
    tests="Cycle 2 executive summary whose needs are mostly general or "
          "thematic (tied to no article), plus one article need; 'no "
          "technical assistance needs' for chapter V; assistance under way.",
    text="""
T: Executive summary: Botswana
H1: 1. Introduction
H2: Overview of the legal and institutional framework of Botswana in the context of implementation of the United Nations Convention against Corruption
Botswana acceded to the Convention on 27 June 2011. The Corruption and Economic Crime Act (Cap. 08:05), the Financial Intelligence Act of 2009 and the Public Procurement and Asset Disposal Act of 2001 are the main laws. The Directorate on Corruption and Economic Crime (DCEC), established in 1994, has a mandate for investigation, prevention and public education.
H1: 2. Chapter II: Preventive measures
H2: 2.1. Observations on the implementation of the articles under review
The DCEC has prevention units in all ministries (arts. 5 and 6). The Public Service Act of 2008 regulates recruitment (art. 7). The Declaration of Assets and Liabilities Act was adopted in 2019 (art. 8).
H2: 2.2. Successes and good practices
The corruption prevention committees established in ministries and local authorities were noted as a good practice (art. 6).
H2: 2.3. Challenges in implementation
It is recommended that Botswana:
* Adopt a national anti-corruption strategy (art. 5, para. 1).
* Adopt legislation on the funding of political parties (art. 7, para. 3).
* Bring into operation the Declaration of Assets and Liabilities Act (art. 8, para. 5).
* Strengthen the transparency of the budget process (art. 9, para. 2).
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
Botswana indicated a general need for capacity-building in the area of prevention, in particular for the staff of the DCEC and of the procurement entities, and for research on corruption risks in the public sector. Botswana also requested policymaking assistance for the drafting of its first national anti-corruption strategy (art. 5).
H1: 3. Chapter V: Asset recovery
H2: 3.1. Observations on the implementation of the articles under review
The Proceeds and Instruments of Crime Act of 2014 allows the enforcement of foreign orders (arts. 54 and 55). The Financial Intelligence Agency was established in 2009 (art. 58).
H2: 3.2. Successes and good practices
The Asset Recovery Inter-Agency Network for Southern Africa (ARINSA), of which Botswana is an active member, was noted as a good practice (art. 51).
H2: 3.3. Challenges in implementation
* Consider permitting other States to initiate civil action in its courts (art. 53 (a)).
* Adopt measures to return confiscated property to requesting States (art. 57).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
Botswana is receiving training on asset recovery through ARINSA and did not identify technical assistance needs in relation to chapter V.
""",
    needs=[(0, "capacity_building"), (0, "research"), (5, "policymaking")],
    challenges=[(5, None), (7, None), (8, None), (9, None), (53, None), (57, None)],
    good_practices=[6, 51])

doc("en11_jor_c1_self_assessment", "JOR", 1, "self_assessment", "en",
    tests="Cycle 1 self-assessment checklist answers: per-article questions, "
          "challenges ticked from the checklist's categories, types of "
          "assistance listed by the checklist's names; (N) No answers; "
          "assistance already provided.",
    text="""
T: Comprehensive self-assessment checklist on the implementation of the United Nations Convention against Corruption
Hashemite Kingdom of Jordan. Answers of the State party under review. Chapter III (Criminalization and law enforcement) and chapter IV (International cooperation)
Focal point: Anti-Corruption Commission, Amman. Date of submission: 12 April 2011.
H1: Chapter III. Criminalization and law enforcement
H2: Article 15. Bribery of national public officials
Is your country in compliance with this provision? (Y) Yes
Please cite, summarize and attach the applicable measure(s): Articles 170 to 173 of the Penal Code No. 16 of 1960 criminalize active and passive bribery.
Technical assistance: Do you require technical assistance for the implementation of this article? (N) No
H2: Article 16. Bribery of foreign public officials and officials of public international organizations
Is your country in compliance with this provision? (N) No
Please outline the steps your country would need to take: the Anti-Corruption Commission Law No. 62 of 2006 would need to be amended.
Please outline the challenges you face in implementing the article:
#. Specificities in its legal system
Do you require technical assistance for the implementation of this article? (Y) Yes
If so, please specify the forms of technical assistance that would be required:
#. Legislative drafting and legal advice
#. Model legislation
#. Summary of good practices/lessons learned
H2: Article 20. Illicit enrichment
Is your country in compliance with this provision? (Y) Yes (in part)
Please cite the applicable measures: the Financial Disclosure Law No. 54 of 2006.
Please outline the challenges you face in implementing the article:
#. Inter-agency coordination
Do you require technical assistance for the implementation of this article? (Y) Yes
If so, please specify the forms of technical assistance that would be required:
#. Capacity-building programmes for authorities responsible for examining financial disclosures
#. Technological assistance (an electronic system for asset declarations)
H2: Article 23. Laundering of proceeds of crime
Is your country in compliance with this provision? (Y) Yes
Please cite the applicable measures: the Anti-Money Laundering and Counter Terrorist Financing Law No. 46 of 2007.
Is such technical assistance already being provided to your country? (Y) Yes. The Anti-Money Laundering Unit receives training from a regional body.
Do you require technical assistance for the implementation of this article? (N) No
H2: Article 32. Protection of witnesses, experts and victims
Is your country in compliance with this provision? (N) No
Please outline the challenges you face in implementing the article:
#. Limited resources for implementation (e.g., human/financial/other): the Public Prosecution has no budget for relocating witnesses
Do you require technical assistance for the implementation of this article? (Y) Yes
If so, please specify the forms of technical assistance that would be required:
#. Model legislation
#. On-site assistance by a relevant expert
#. Development of an implementation action plan
H1: Chapter IV. International cooperation
H2: Article 44. Extradition
Is your country in compliance with this provision? (Y) Yes
Please cite the applicable measures: the Extradition of Fugitive Criminals Law of 1927 and bilateral treaties.
Do you require technical assistance for the implementation of this article? (N) No
H2: Article 46. Mutual legal assistance
Is your country in compliance with this provision? (Y) Yes (in part)
Please outline the challenges you face in implementing the article:
#. Competing priorities
Do you require technical assistance for the implementation of this article? (Y) Yes
If so, please specify the forms of technical assistance that would be required:
#. Model treaties or agreements
#. Other assistance (please specify): translation of requests into English and French
""",
    needs=[(16, "legislative_drafting"), (16, "model_legislation"), (16, "good_practices"),
           (20, "capacity_building"), (20, "technological"),
           (32, "model_legislation"), (32, "onsite_expert"), (32, "action_plan"),
           (46, "model_agreements"), (46, "other")],
    challenges=[(16, "legal_system"), (20, "coordination"), (32, "resources"),
                (46, "priorities")])

doc("en12_geo_c2_summary_partial", "GEO", 2, "executive_summary", "en",
    tests="Cycle 2 executive summary: no needs under chapter II, needs under "
          "chapter V; assistance already received named with an article; "
          "'articles 55 and 56' in the challenges only.",
    text="""
T: Executive summary: Georgia
H1: 1. Introduction
H2: Overview of the legal and institutional framework of Georgia in the context of implementation of the United Nations Convention against Corruption
Georgia ratified the Convention on 4 November 2008. The Law on Conflict of Interest and Corruption in Public Service of 17 October 1997, the Law on Public Procurement and the Law on Facilitating the Prevention of Money Laundering of 30 October 2019 are relevant. The Anti-Corruption Bureau was established in 2022.
H1: 2. Chapter II: Preventive measures
H2: 2.1. Observations on the implementation of the articles under review
Georgia adopted a National Anti-Corruption Strategy and Action Plan in 2019 (art. 5). The Civil Service Bureau administers the electronic asset declaration system (art. 8). The State Procurement Agency operates an electronic procurement system (art. 9).
H2: 2.2. Successes and good practices
* The electronic asset declaration system and its monitoring by the Civil Service Bureau (art. 8).
* The dispute resolution board for procurement complaints, with equal representation of civil society (art. 9).
* The public service halls providing services in one place (art. 10).
H2: 2.3. Challenges in implementation
* Address the limited resources of the Anti-Corruption Bureau and ensure its independence (art. 6).
* Strengthen the rules on the recruitment and promotion of judges (art. 11).
* Promote the participation of civil society in the Anti-Corruption Council (art. 13).
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
No technical assistance needs were identified under chapter II. Georgia noted that it receives capacity-building from several bilateral partners for the Civil Service Bureau (art. 8).
H1: 3. Chapter V: Asset recovery
H2: 3.1. Observations on the implementation of the articles under review
Georgia can enforce foreign confiscation orders directly. Non-conviction-based civil forfeiture is available for illicit and unsubstantiated property.
H2: 3.2. Successes and good practices
* The civil forfeiture of unsubstantiated property of officials (art. 54, para. 1 (c)).
H2: 3.3. Challenges in implementation
* Georgia should consider allowing the return of confiscated property in the absence of a request (arts. 55 and 56).
* Clarify the procedures for the deduction of reasonable expenses (art. 57, para. 4).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
Georgia would welcome legislative assistance on the return and disposal of assets (art. 57). It also expressed a general need for research and data-gathering on the assets recovered in past cases.
""",
    needs=[(57, "legislative_assistance"), (0, "research")],
    challenges=[(6, "resources"), (11, None), (13, None), (55, None), (56, None),
                (57, None)],
    good_practices=[8, 9, 10, 54])

doc("en13_zmb_c1_summary_distractors", "ZMB", 1, "executive_summary", "en", pdf=True,
    tests="Cycle 1 executive summary with the Secretariat's cover page (session, "
          "agenda item, 'II. Executive summary' then the State on its own "
          "line); full of numbers that are not articles "
          "(Act No. 3 of 2012, 31 December 2014, Cap. 87, section 21), "
          "'art. 26(1)'; assistance under "
          "way, and a need for unspecified 'assistance' (type other).",
    text="""
Implementation Review Group
Fourth session
Vienna, 27-31 May 2013
Item 2 of the provisional agenda
Review of implementation of the United Nations Convention against Corruption
T: Executive summary
Note by the Secretariat
Addendum
Contents: II. Executive summary: Zambia
H1: II. Executive summary
T: Zambia
H1: 1. Introduction: Overview of the legal and institutional framework of Zambia in the context of implementation of the United Nations Convention against Corruption
Zambia signed the Convention on 11 December 2003 and ratified it on 7 December 2007. The Anti-Corruption Act No. 3 of 2012, the Penal Code (Cap. 87), the Prohibition and Prevention of Money Laundering Act No. 14 of 2001 and the Forfeiture of Proceeds of Crime Act No. 19 of 2010 are the main laws. The Anti-Corruption Commission, the Drug Enforcement Commission and the Financial Intelligence Centre are the main bodies.
H1: 2. Chapter III: Criminalization and law enforcement
H2: 2.1. Observations on the implementation of the articles under review
Sections 19 and 20 of the Anti-Corruption Act No. 3 of 2012 criminalize the bribery of public officers. Section 21 covers foreign public officials. Illicit enrichment is criminalized by section 27 of the Act (possession of unexplained property).
H2: 2.2. Successes and good practices
* The Forfeiture of Proceeds of Crime Act No. 19 of 2010 provides for non-conviction-based forfeiture, which has been used in 32 cases up to 31 December 2014 (art. 31).
H2: 2.3. Challenges in implementation
* The Public Interest Disclosure (Protection of Whistleblowers) Act No. 4 of 2010 has not been implemented for lack of resources (art. 33).
* Zambia should consider establishing the criminal liability of legal persons for all Convention offences (art. 26).
* Lack of coordination between the Anti-Corruption Commission and the Drug Enforcement Commission in joint cases (art. 38).
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
* Training of investigators and prosecutors on illicit enrichment and asset tracing (arts. 20 and 31).
* Legal advice on the liability of legal persons, for an amendment to the Anti-Corruption Act No. 3 of 2012 (art. 26(1)).
* Assistance in implementing the Public Interest Disclosure Act (art. 33).
The Anti-Corruption Commission has been receiving a case management system and training for its intelligence unit from a cooperating partner since 2013.
H1: 3. Chapter IV: International cooperation
H2: 3.1. Observations on the implementation of the articles under review
The Extradition Act (Cap. 94) and the Mutual Legal Assistance in Criminal Matters Act (Cap. 98) govern international cooperation. The Attorney-General is the central authority.
H2: 3.2. Successes and good practices
None were identified.
H2: 3.3. Challenges in implementation
* Zambia should consider the possibility of transferring criminal proceedings (art. 47).
* Zambia should make use of the Convention as a basis for law enforcement cooperation (art. 48).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
* A summary of good practices and lessons learned on the transfer of criminal proceedings (art. 47).
* Secure channels for the exchange of information with foreign law enforcement agencies (art. 48).
""",
    needs=[(20, "capacity_building"), (31, "capacity_building"),
           (26, "legislative_drafting"), (33, "other"),
           (47, "good_practices"), (48, "technological")],
    challenges=[(33, "resources"), (26, None), (38, "coordination"), (47, None), (48, None)],
    good_practices=[31])

doc("en14_lka_c2_summary_bullets", "LKA", 2, "executive_summary", "en",
    tests="Cycle 2 executive summary, bullets; types named indirectly "
          "('training', 'a study', 'drafting of the law'); a need naming a "
          "chapter only; 'good practices' requested as a need in cycle 2 "
          "(no such code: other).",
    text="""
T: Executive summary: Sri Lanka
H1: 1. Introduction
H2: Overview of the legal and institutional framework of Sri Lanka in the context of implementation of the United Nations Convention against Corruption
Sri Lanka ratified the Convention on 31 March 2004. The Bribery Act of 1954, the Declaration of Assets and Liabilities Law No. 1 of 1975, the Prevention of Money Laundering Act No. 5 of 2006 and the Anti-Corruption Act No. 9 of 2023 are relevant. The Commission to Investigate Allegations of Bribery or Corruption (CIABOC) is the main anti-corruption body.
H1: 2. Chapter II: Preventive measures
H2: 2.1. Observations on the implementation of the articles under review
The National Action Plan for Combating Bribery and Corruption 2019-2023 was adopted by CIABOC (art. 5). The Anti-Corruption Act No. 9 of 2023 strengthened the asset declaration system (art. 8).
H2: 2.2. Successes and good practices
* The integrity officers appointed in all public institutions under the National Action Plan (art. 5).
H2: 2.3. Challenges in implementation
* Strengthen the independence of CIABOC, including in the appointment of its commissioners (art. 6).
* Establish an electronic and verifiable asset declaration system (art. 8).
* Adopt a code of conduct for the judiciary and for prosecutors (art. 11).
* Raise awareness of the public on the right to information, as there is limited awareness outside Colombo (art. 10).
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
* Training for integrity officers and for the staff of CIABOC (arts. 5 and 6).
* A study of corruption risks in the public procurement process (art. 9).
* Assistance in the drafting of a law on the protection of whistle-blowers in the private sector (art. 12).
* Sharing of good practices on the participation of civil society (art. 13).
H1: 3. Chapter V: Asset recovery
H2: 3.1. Observations on the implementation of the articles under review
The Mutual Assistance in Criminal Matters Act No. 25 of 2002 and the Proceeds of Crime Act No. 5 of 2025 provide the framework.
H2: 3.2. Successes and good practices
No good practices were identified.
H2: 3.3. Challenges in implementation
* Adopt measures to enable other States to claim title to property (art. 53).
* Consider concluding bilateral agreements on the return of assets (art. 59).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
* Capacity-building for judges and prosecutors on asset recovery under chapter V.
* Facilitation of cooperation with other countries to conclude agreements on the final disposal of confiscated property (art. 59).
""",
    needs=[(5, "capacity_building"), (6, "capacity_building"), (9, "research"),
           (12, "legislative_assistance"), (13, "other"),
           (0, "capacity_building"), (59, "international_cooperation")],
    challenges=[(6, None), (8, None), (11, None), (10, "awareness"),
                (53, None), (59, None)],
    good_practices=[5])

doc("en15_mwi_c1_country_report", "MWI", 1, "country_report", "en", pdf=True,
    layout="narrow", headings="bold",
    tests="Cycle 1 country report, bold headings, narrow column; articles "
          "15 to 50 partly; '(c) Technical assistance needs' sections, some "
          "empty ('None requested'); a need under one article naming "
          "another article; an article 41 table of convictions.",
    text="""
T: Country review report of Malawi
Review by Mozambique and Papua New Guinea of the implementation by Malawi of articles 15 to 42 of chapter III, "Criminalization and law enforcement", and articles 44 to 50 of chapter IV, "International cooperation", of the United Nations Convention against Corruption for the review cycle 2010-2015
H1: III. Implementation of the Convention
H2: Chapter III. Criminalization and law enforcement
H3: Article 15. Bribery of national public officials
(a) Summary of information relevant to reviewing the implementation of the article
Sections 24 and 25 of the Corrupt Practices Act (Cap. 7:04) criminalize the bribery of public officers.
(b) Observations on the implementation of the article
The article is fully implemented.
(c) Technical assistance needs
None requested.
H3: Article 17. Embezzlement, misappropriation or other diversion of property by a public official
(a) Summary of information relevant to reviewing the implementation of the article
Section 283 of the Penal Code (Cap. 7:01) criminalizes theft by public servants. The "cashgate" cases of 2013 led to 68 prosecutions.
(b) Observations on the implementation of the article
The reviewers found the provisions in line with the Convention.
(c) Successes and good practices
The handling of the cashgate cases by a joint task force was noted as a good practice.
(d) Challenges, where applicable
Limited resources of the Director of Public Prosecutions to conduct the large number of trials.
(e) Technical assistance needs
Malawi requested an on-site expert to assist the prosecution in the cashgate trials, and training in forensic accounting.
H3: Article 20. Illicit enrichment
(a) Summary of information relevant to reviewing the implementation of the article
Section 32 of the Corrupt Practices Act criminalizes the possession of unexplained property.
(b) Observations on the implementation of the article
The provision is in line with the Convention.
(c) Technical assistance needs
Malawi requested technological assistance for the verification of asset declarations, and the same system for the detection of money-laundering (art. 23).
H3: Article 26. Liability of legal persons
(a) Summary of information relevant to reviewing the implementation of the article
Section 24 of the Penal Code applies to corporations.
(b) Observations on the implementation of the article
The liability of legal persons is established, but sanctions are limited to fines of up to 2 million kwacha, which the reviewers considered not dissuasive (art. 26, para. 4).
(c) Challenges, where applicable
Inadequacy of existing normative measures concerning sanctions for legal persons.
(d) Technical assistance needs
Legal advice on sanctions for legal persons.
H3: Article 41. Criminal record
(a) Summary of information relevant to reviewing the implementation of the article
Malawi does not take into account foreign convictions.
| Year | Foreign convictions reported | Taken into account |
| 2011 | 3 | 0 |
| 2012 | 5 | 0 |
(b) Observations on the implementation of the article
Malawi may wish to consider taking into account foreign convictions.
(c) Technical assistance needs
None requested.
H2: Chapter IV. International cooperation
H3: Article 44. Extradition
(a) Summary of information relevant to reviewing the implementation of the article
The Extradition Act (Cap. 8:03) applies to Commonwealth countries and treaty States.
(b) Observations on the implementation of the article
Malawi may use the Convention as a legal basis for extradition. Since 2008 Malawi received 4 requests and made 2.
(c) Challenges, where applicable
Limited awareness among officials that the Convention may serve as a basis for extradition.
(d) Technical assistance needs
Malawi is receiving training on extradition from the Commonwealth Secretariat and did not request further assistance.
H3: Article 46. Mutual legal assistance
(a) Summary of information relevant to reviewing the implementation of the article
The Mutual Assistance in Criminal Matters Act (Cap. 8:04) regulates assistance.
(b) Observations on the implementation of the article
The Act does not allow assistance in the absence of dual criminality for non-coercive measures (art. 46, para. 9 (b)).
(c) Challenges, where applicable
Amendment of the Act with respect to dual criminality.
(d) Technical assistance needs
Model legislation, and a summary of good practices on mutual legal assistance in the absence of dual criminality.
""",
    needs=[(17, "onsite_expert"), (17, "capacity_building"), (20, "technological"),
           (23, "technological"), (26, "legislative_drafting"),
           (46, "model_legislation"), (46, "good_practices")],
    challenges=[(17, "resources"), (26, "normative"), (44, "awareness"), (46, None)],
    good_practices=[17])

doc("en16_mda_c2_summary_prose", "MDA", 2, "executive_summary", "en",
    tests="Cycle 2 executive summary in prose, State named 'Republic of "
          "Moldova'; several types in one sentence over two articles; "
          "'did not request further assistance' for one article; articles "
          "in observations; a good practice paragraph with 'good practices'.",
    text="""
T: Executive summary: Republic of Moldova
H1: 1. Introduction
H2: Overview of the legal and institutional framework of the Republic of Moldova in the context of implementation of the United Nations Convention against Corruption
The Republic of Moldova ratified the Convention on 1 October 2007. The National Anti-Corruption Centre, the National Integrity Authority, the Anti-Corruption Prosecutor's Office and the Office for Prevention and Fight against Money Laundering are the main bodies. The Law on Integrity No. 82 of 25 May 2017 and the Law No. 133 of 17 June 2016 on the declaration of assets and personal interests are the main preventive laws.
H1: 2. Chapter II: Preventive measures
H2: 2.1. Observations on the implementation of the articles under review
The National Integrity and Anti-Corruption Strategy 2017-2023 was adopted by Parliament (art. 5). Corruption risk assessments are carried out by the National Anti-Corruption Centre in public entities (art. 9). The Law No. 131 of 3 July 2015 on public procurement governs procurement.
H2: 2.2. Successes and good practices
The reviewers identified as good practices the integrity testing of public agents carried out by the National Anti-Corruption Centre (art. 7) and the publication of all court decisions online (art. 11).
H2: 2.3. Challenges in implementation
The reviewers noted that the frequent changes in the leadership of the National Integrity Authority and its limited resources affect the verification of declarations (art. 8). Moldova should also continue to strengthen the independence of the Superior Council of Magistracy (art. 11) and adopt rules on the revolving door between the public and private sectors (art. 12).
H2: 2.4. Technical assistance needs identified to improve implementation of the Convention
The Republic of Moldova identified the need for legislative assistance and capacity-building in the areas of conflicts of interest and asset declarations (arts. 7 and 8). It did not request further assistance for the implementation of article 9, for which a project with a development partner is ongoing.
H1: 3. Chapter V: Asset recovery
H2: 3.1. Observations on the implementation of the articles under review
The Criminal Assets Recovery Agency was established within the National Anti-Corruption Centre in 2017 (art. 51). Extended confiscation was introduced in 2014 (art. 54).
H2: 3.2. Successes and good practices
The establishment of the Criminal Assets Recovery Agency, which manages seized property, is a good practice (art. 57).
H2: 3.3. Challenges in implementation
The reviewers recommended that the Republic of Moldova introduce non-conviction-based confiscation (art. 54, para. 1 (c)) and adopt rules on the return of property to requesting States (art. 57, para. 3). The lack of inter-agency coordination between the Office for Prevention and Fight against Money Laundering and the prosecution was also noted (art. 58).
H2: 3.4. Technical assistance needs identified to improve implementation of the Convention
Assistance was requested for the facilitation of international cooperation with other countries in the identification of assets abroad (art. 55) and for institution-building for the Office for Prevention and Fight against Money Laundering (art. 58).
""",
    needs=[(7, "legislative_assistance"), (7, "capacity_building"),
           (8, "legislative_assistance"), (8, "capacity_building"),
           (55, "international_cooperation"), (58, "institution_building")],
    challenges=[(8, "resources"), (11, None), (12, None), (54, None), (57, None),
                (58, "coordination")],
    good_practices=[7, 11, 57])



# =============================================================== FRENCH

doc("fr01_ben_c1_resume_puces", "BEN", 1, "executive_summary", "fr", pdf=True,
    tests="Cycle 1, résumé analytique à puces; articles groupés « art. 15, 16 "
          "et 21 », « articles 44 à 50 »; assistance déjà reçue; numéro de loi "
          "(loi n° 2011-20); bonnes pratiques dans la section des succès.",
    text="""
T: Résumé analytique : Bénin
H1: 1. Introduction : aperçu du cadre juridique et institutionnel du Bénin dans le contexte de l'application de la Convention des Nations Unies contre la corruption
Le Bénin a ratifié la Convention le 14 octobre 2004. La Constitution du 11 décembre 1990 prévoit que les traités régulièrement ratifiés ont une autorité supérieure à celle des lois. La loi n° 2011-20 du 12 octobre 2011 portant lutte contre la corruption et autres infractions connexes, le Code pénal et la loi n° 2006-14 du 31 octobre 2006 sur le blanchiment de capitaux constituent le cadre juridique principal.
L'Autorité nationale de lutte contre la corruption (ANLC), la Cellule nationale de traitement des informations financières (CENTIF) et la Brigade économique et financière sont les principales institutions.
H1: 2. Chapitre III : Incrimination, détection et répression
H2: 2.1. Observations sur l'application des articles examinés
H3: Corruption et trafic d'influence (art. 15, 16, 18 et 21)
Les articles 35 à 40 de la loi n° 2011-20 incriminent la corruption active et passive des agents publics nationaux et étrangers. Le trafic d'influence est incriminé à l'article 41 de la loi.
H3: Blanchiment d'argent et recel (art. 23 et 24)
Le blanchiment du produit du crime est incriminé par la loi n° 2006-14. Toutes les infractions graves sont des infractions principales.
H2: 2.2. Succès et bonnes pratiques
* L'obligation de déclaration de patrimoine des hautes personnalités de l'État devant la Chambre des comptes, avec contrôle à la fin du mandat (art. 20).
* La création d'une Cour de répression des infractions économiques et du terrorisme (art. 36).
H2: 2.3. Difficultés d'application
* Le Bénin devrait étendre l'incrimination de la corruption aux fonctionnaires des organisations internationales publiques (art. 16).
* Adopter des mesures de protection des témoins, experts et victimes (art. 32).
* L'ANLC ne dispose que de ressources limitées pour mener ses enquêtes (art. 36).
* Renforcer la coordination entre les services, l'absence de coordination interinstitutions ralentissant les enquêtes (art. 38).
H2: 2.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
* Conseils juridiques et lois types pour la protection des témoins et des personnes qui communiquent des informations (art. 32 et 33).
* Programmes de renforcement des capacités des enquêteurs, des magistrats et des agents de la CENTIF (art. 15, 16 et 21).
* Assistance technologique : un système de gestion des affaires pour la Cour de répression des infractions économiques (art. 36).
Le Bénin bénéficie déjà d'un appui du Programme des Nations Unies pour le développement pour la formation des agents de l'ANLC.
H1: 3. Chapitre IV : Coopération internationale
H2: 3.1. Observations sur l'application des articles examinés
L'extradition est régie par la loi n° 2012-15 portant Code de procédure pénale et par les conventions de la CEDEAO. L'entraide judiciaire peut être accordée en l'absence de traité sur la base de la réciprocité (art. 46).
H2: 3.2. Succès et bonnes pratiques
Aucune bonne pratique particulière n'a été relevée.
H2: 3.3. Difficultés d'application
* Désigner une autorité centrale pour l'entraide judiciaire et en informer le Secrétaire général (art. 46, par. 13).
* Envisager la conclusion d'accords sur le transfert des personnes condamnées (art. 45).
H2: 3.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
* Formation des magistrats et des officiers de police judiciaire à la coopération internationale (articles 44 à 50).
* Traités types d'extradition et d'entraide judiciaire (art. 44 et 46).
""",
    needs=[(32, "legislative_drafting"), (32, "model_legislation"),
           (33, "legislative_drafting"), (33, "model_legislation")]
          + each([15, 16, 21], "capacity_building") + [(36, "technological")]
          + each(R(44, 50), "capacity_building")
          + [(44, "model_agreements"), (46, "model_agreements")],
    challenges=[(16, None), (32, None), (36, "resources"), (38, "coordination"),
                (46, None), (45, None)],
    good_practices=[20, 36])

doc("fr02_sen_c2_resume_prose", "SEN", 2, "executive_summary", "fr",
    tests="Cycle 2, résumé analytique en prose; besoin général (« un besoin "
          "général de renforcement des capacités »); plusieurs types dans une "
          "phrase; « l'article 9 »; article cité dans les observations.",
    text="""
T: Résumé analytique : Sénégal
H1: 1. Introduction
H2: Aperçu du cadre juridique et institutionnel du Sénégal dans le contexte de l'application de la Convention des Nations Unies contre la corruption
Le Sénégal a ratifié la Convention le 16 novembre 2005. L'Office national de lutte contre la fraude et la corruption (OFNAC), créé par la loi n° 2012-30 du 28 décembre 2012, la Cour des comptes, l'Autorité de régulation des marchés publics (ARMP) et la Cellule nationale de traitement des informations financières (CENTIF) sont les principales institutions de prévention.
H1: 2. Chapitre II : Mesures préventives
H2: 2.1. Observations sur l'application des articles examinés
H3: Politiques et pratiques de prévention de la corruption; organe ou organes de prévention de la corruption (art. 5 et 6)
Le Sénégal a adopté une Stratégie nationale de lutte contre la corruption 2020-2024. L'OFNAC est chargé de la prévention et dispose de l'autonomie financière.
H3: Passation des marchés publics et gestion des finances publiques (art. 9)
Le Code des marchés publics, issu du décret n° 2014-1212 du 22 septembre 2014, prévoit des procédures ouvertes et un mécanisme de recours devant l'ARMP.
H2: 2.2. Succès et bonnes pratiques
Les examinateurs ont relevé comme bonne pratique la publication par l'ARMP de ses décisions et des rapports d'audit des marchés (art. 9), ainsi que la participation de la société civile au comité de règlement des différends de l'ARMP (art. 13).
H2: 2.3. Difficultés d'application
Il est recommandé au Sénégal de doter l'OFNAC de ressources suffisantes, ses ressources limitées ne lui permettant pas de couvrir l'ensemble du territoire (art. 6), d'étendre l'obligation de déclaration de patrimoine à d'autres catégories d'agents publics et d'en assurer la vérification (art. 8), et d'adopter une loi sur l'accès à l'information (art. 10). La sensibilisation du secteur privé reste insuffisante : les examinateurs ont noté une sensibilisation limitée des petites et moyennes entreprises aux règles de conformité (art. 12).
H2: 2.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
Le Sénégal a exprimé un besoin général de renforcement des capacités des institutions chargées de la prévention. Il a en outre sollicité une assistance législative et un appui à l'élaboration de politiques pour l'adoption d'une loi sur l'accès à l'information (art. 10), ainsi que des travaux de recherche et de collecte de données sur la corruption dans les marchés publics, conformément à l'article 9.
H1: 3. Chapitre V : Recouvrement d'avoirs
H2: 3.1. Observations sur l'application des articles examinés
Le Code de procédure pénale, modifié par la loi n° 2016-30 du 8 novembre 2016, permet l'exécution des décisions étrangères de confiscation. La CENTIF est membre du Groupe Egmont depuis 2009 (art. 58).
H2: 3.2. Succès et bonnes pratiques
L'Office national de recouvrement des avoirs criminels (ONRAC), créé en 2021, constitue une bonne pratique (art. 57).
H2: 3.3. Difficultés d'application
Le Sénégal devrait permettre à un autre État d'engager une action civile devant ses tribunaux (art. 53) et envisager la confiscation sans condamnation préalable (art. 54, par. 1 c)).
H2: 3.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
Le Sénégal a indiqué avoir besoin d'un renforcement institutionnel de l'ONRAC (art. 57) et d'une facilitation de la coopération internationale avec d'autres pays pour l'identification des avoirs à l'étranger (art. 54 et 55).
""",
    needs=[(0, "capacity_building"), (10, "legislative_assistance"), (10, "policymaking"),
           (9, "research"), (57, "institution_building"),
           (54, "international_cooperation"), (55, "international_cooperation")],
    challenges=[(6, "resources"), (8, None), (10, None), (12, "awareness"),
                (53, None), (54, None)],
    good_practices=[9, 13, 57])


doc("fr03_mar_c1_rapport_pays", "MAR", 1, "country_report", "fr", pdf=True,
    tests="Cycle 1, rapport d'examen de pays, une section par article avec "
          "a)-e); « Aucun besoin d'assistance technique n'a été identifié »; "
          "« n'a pas sollicité d'assistance supplémentaire »; dahir et loi "
          "numérotés (loi n° 43-05); articles cités dans les observations.",
    text="""
T: Rapport d'examen de pays du Maroc
Examen par la Finlande et la Libye de l'application par le Royaume du Maroc des articles 15 à 42 du chapitre III (Incrimination, détection et répression) et des articles 44 à 50 du chapitre IV (Coopération internationale) de la Convention des Nations Unies contre la corruption pour le cycle d'examen 2010-2015
H1: I. Introduction
La visite de pays s'est déroulée à Rabat du 8 au 11 avril 2013.
H1: II. Application de la Convention
H2: Chapitre III. Incrimination, détection et répression
H3: Article 15. Corruption d'agents publics nationaux
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
Les articles 248 à 256 du Code pénal incriminent la corruption active et passive.
b) Observations sur l'application de l'article
Les examinateurs ont estimé que l'article est appliqué.
c) Besoins d'assistance technique
Aucun besoin d'assistance technique n'a été identifié.
H3: Article 16. Corruption d'agents publics étrangers et de fonctionnaires d'organisations internationales publiques
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
Le Maroc n'a pas incriminé la corruption d'agents publics étrangers. Un projet de loi modifiant le Code pénal est à l'étude.
b) Observations sur l'application de l'article
Les examinateurs ont recommandé l'adoption du projet de loi, en veillant à couvrir également la sollicitation visée au paragraphe 2 de l'article 16.
c) Difficultés, le cas échéant
L'adoption du projet de loi est retardée par des priorités concurrentes dans le programme législatif.
d) Besoins d'assistance technique
Le Maroc a demandé des lois types et un recueil de bonnes pratiques sur l'incrimination de la corruption d'agents publics étrangers.
H3: Article 20. Enrichissement illicite
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
La loi n° 54-06 du 20 février 2008 institue la déclaration obligatoire du patrimoine. L'enrichissement illicite n'est pas incriminé.
b) Observations sur l'application de l'article
Le Maroc est encouragé à poursuivre l'examen de l'incrimination de l'enrichissement illicite.
c) Besoins d'assistance technique
Le Maroc sollicite l'assistance d'un expert sur place pour l'étude de l'incrimination de l'enrichissement illicite, ainsi qu'un système informatique de suivi des déclarations de patrimoine.
H3: Article 23. Blanchiment du produit du crime
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
La loi n° 43-05 relative à la lutte contre le blanchiment de capitaux, promulguée par le dahir n° 1-07-79 du 17 avril 2007, incrimine le blanchiment.
b) Observations sur l'application de l'article
La liste des infractions principales ne couvre pas l'ensemble des infractions établies par la Convention.
c) Difficultés, le cas échéant
Inadéquation des mesures normatives existantes quant à la liste des infractions principales.
d) Besoins d'assistance technique
Le Maroc bénéficie déjà d'un programme de formation de l'Unité de traitement du renseignement financier et n'a pas sollicité d'assistance supplémentaire.
H3: Article 32. Protection des témoins, des experts et des victimes
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
La loi n° 37-10 du 20 octobre 2011 a introduit dans le Code de procédure pénale des mesures de protection des témoins, des experts, des victimes et des dénonciateurs.
b) Observations sur l'application de l'article
Les mesures de réinstallation ne sont pas prévues.
c) Succès et bonnes pratiques
La ligne téléphonique gratuite pour le signalement des faits de corruption, qui a permis plusieurs arrestations en flagrant délit, est une bonne pratique.
d) Difficultés, le cas échéant
Capacités limitées des services chargés de la protection des témoins.
e) Besoins d'assistance technique
Programmes de renforcement des capacités pour les magistrats et la police judiciaire; élaboration d'un plan d'action pour la mise en œuvre de la loi n° 37-10.
H2: Chapitre IV. Coopération internationale
H3: Article 44. Extradition
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
L'extradition est régie par les articles 718 à 745 du Code de procédure pénale et par des conventions bilatérales.
b) Observations sur l'application de l'article
Le Maroc n'utilise pas la Convention comme base légale de l'extradition.
c) Besoins d'assistance technique
Aucun besoin d'assistance technique n'a été identifié.
H3: Article 46. Entraide judiciaire
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
Le Ministère de la justice est l'autorité centrale. Le Maroc a conclu 56 conventions d'entraide judiciaire.
b) Observations sur l'application de l'article
Le secret bancaire ne peut être opposé aux demandes (art. 46, par. 8).
c) Succès et bonnes pratiques
La désignation de magistrats de liaison auprès de plusieurs États partenaires est une bonne pratique.
d) Besoins d'assistance technique
Canaux sécurisés pour l'échange d'informations avec les autorités centrales étrangères, et accords types sur l'entraide judiciaire.
""",
    needs=[(16, "model_legislation"), (16, "good_practices"), (20, "onsite_expert"),
           (20, "technological"), (32, "capacity_building"), (32, "action_plan"),
           (46, "technological"), (46, "model_agreements")],
    challenges=[(16, "priorities"), (23, "normative"), (32, "capacity")],
    good_practices=[32, 46])

doc("fr04_tun_c2_resume_groupes", "TUN", 2, "executive_summary", "fr",
    tests="Cycle 2, résumé analytique; articles groupés « art. 52 et 58 », "
          "« articles 55 à 57 », « l'article 9 », « art. 7, par. 4 »; un "
          "besoin nommant seulement le chapitre V; décret n° 2014-1039.",
    text="""
T: Résumé analytique : Tunisie
H1: 1. Introduction
H2: Aperçu du cadre juridique et institutionnel de la Tunisie dans le contexte de l'application de la Convention des Nations Unies contre la corruption
La Tunisie a ratifié la Convention le 23 septembre 2008. L'Instance nationale de lutte contre la corruption (INLUCC), la Commission tunisienne des analyses financières (CTAF), la Haute Instance de la commande publique et la Cour des comptes sont les principales institutions.
H1: 2. Chapitre II : Mesures préventives
H2: 2.1. Observations sur l'application des articles examinés
La Stratégie nationale de bonne gouvernance et de lutte contre la corruption 2016-2020 a été adoptée (art. 5). Les marchés publics sont régis par le décret n° 2014-1039 du 13 mars 2014 (art. 9). La loi organique n° 2017-10 du 7 mars 2017 protège les lanceurs d'alerte (art. 13).
H2: 2.2. Succès et bonnes pratiques
* Le système d'achat public en ligne TUNEPS, obligatoire pour tous les acheteurs publics (art. 9).
* La loi organique n° 2016-22 du 24 mars 2016 relative au droit d'accès à l'information et l'Instance d'accès à l'information (art. 10 et 13).
H2: 2.3. Difficultés d'application
* Garantir l'indépendance de l'Instance nationale de lutte contre la corruption, dont les ressources limitées freinent l'action (art. 6).
* Adopter des critères objectifs de recrutement pour les postes exposés à la corruption (art. 7, par. 1).
* Renforcer la transparence du financement des partis politiques (art. 7, par. 3).
* Assurer la vérification effective des déclarations de patrimoine (art. 8, par. 5).
H2: 2.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
* Renforcement institutionnel et renforcement des capacités de l'Instance nationale de lutte contre la corruption (art. 6).
* Assistance législative pour la révision du régime des conflits d'intérêts (art. 7, par. 4, et art. 8).
* Recherche et analyse des données sur l'efficacité des contrôles dans la commande publique, visée à l'article 9.
H1: 3. Chapitre V : Recouvrement d'avoirs
H2: 3.1. Observations sur l'application des articles examinés
La loi organique n° 2015-26 du 7 août 2015 relative à la lutte contre le terrorisme et la répression du blanchiment d'argent régit la CTAF (art. 52 et 58). La Commission nationale de récupération des avoirs mal acquis à l'étranger a été créée en 2011.
H2: 3.2. Succès et bonnes pratiques
* La Commission de confiscation créée par le décret-loi n° 2011-13 du 14 mars 2011, qui a permis la confiscation de biens de l'ancien président et de ses proches (art. 54).
H2: 3.3. Difficultés d'application
* Renforcer la vigilance à l'égard des personnes politiquement exposées étrangères (art. 52 et 58).
* Prévoir des procédures de restitution des avoirs conformes aux articles 55 à 57.
H2: 3.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
* Facilitation de la coopération internationale avec d'autres pays pour le recouvrement des avoirs détenus à l'étranger (articles 55 à 57).
* Renforcement des capacités des magistrats et des enquêteurs dans le domaine du recouvrement d'avoirs (chapitre V).
* Élaboration de politiques sur la gestion des avoirs saisis (art. 57).
""",
    needs=[(6, "institution_building"), (6, "capacity_building"),
           (7, "legislative_assistance"), (8, "legislative_assistance"), (9, "research")]
          + each(R(55, 57), "international_cooperation")
          + [(0, "capacity_building"), (57, "policymaking")],
    challenges=[(6, "resources"), (7, None), (8, None), (52, None), (58, None),
                (55, None), (56, None), (57, None)],
    good_practices=[9, 10, 13, 54])


doc("fr05_cmr_c1_resume_aucun_besoin", "CMR", 1, "executive_summary", "fr",
    headings="bold",
    tests="Cycle 1, titres en gras; « Aucun besoin d'assistance technique n'a "
          "été identifié » pour le chapitre IV; « art. 31 et 36 »; un besoin "
          "d'« assistance » sans type (autre); date « 3 mars 2006 ».",
    text="""
T: Résumé analytique : Cameroun
H1: 1. Introduction : aperçu du cadre juridique et institutionnel du Cameroun dans le contexte de l'application de la Convention des Nations Unies contre la corruption
Le Cameroun a ratifié la Convention le 6 février 2006. Le Code pénal (loi n° 2016/007 du 12 juillet 2016), la loi n° 2011/028 du 14 décembre 2011 portant création d'un Tribunal criminel spécial et la loi n° 003/2006 du 25 avril 2006 relative à la déclaration des biens et avoirs constituent le cadre juridique. La Commission nationale anti-corruption (CONAC), créée par le décret n° 2006/088 du 11 mars 2006, et l'Agence nationale d'investigation financière (ANIF) sont les principales institutions.
H1: 2. Chapitre III : Incrimination, détection et répression
H2: 2.1. Observations sur l'application des articles examinés
La corruption active et passive est incriminée aux articles 134 et 134-1 du Code pénal. La corruption d'agents publics étrangers n'est pas incriminée (art. 16). La loi n° 003/2006 n'est pas encore appliquée, faute de textes d'application.
H2: 2.2. Succès et bonnes pratiques
La création du Tribunal criminel spécial, compétent pour les détournements de deniers publics d'un montant supérieur à 50 millions de francs CFA, et la possibilité d'arrêter les poursuites en cas de restitution du corps du délit, ont été relevées comme bonnes pratiques (art. 17 et 30).
H2: 2.3. Difficultés d'application
Les examinateurs ont recommandé au Cameroun d'incriminer la corruption d'agents publics étrangers (art. 16) et la corruption dans le secteur privé (art. 21), de rendre effective la déclaration des biens (art. 20) et de renforcer la protection des témoins et des dénonciateurs (art. 32 et 33). Le manque de coordination interinstitutions entre la CONAC, l'ANIF et le Contrôle supérieur de l'État a également été relevé (art. 38).
H2: 2.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
Le Cameroun a demandé une assistance pour la rédaction de textes législatifs sur la corruption d'agents publics étrangers et la corruption dans le secteur privé (art. 16 et 21), des programmes de formation en matière de gel, de saisie et de confiscation et à l'intention des autorités spécialisées (art. 31 et 36), ainsi qu'une assistance pour la mise en œuvre de la déclaration des biens (art. 20).
H1: 3. Chapitre IV : Coopération internationale
H2: 3.1. Observations sur l'application des articles examinés
L'extradition est régie par la loi n° 64/LF/13 du 26 juin 1964 et par le Code de procédure pénale. L'entraide judiciaire est régie par les articles 642 et suivants du Code de procédure pénale (art. 46).
H2: 3.2. Succès et bonnes pratiques
Aucune bonne pratique n'a été identifiée.
H2: 3.3. Difficultés d'application
Le Cameroun devrait envisager d'utiliser la Convention comme base légale de l'extradition (art. 44) et de conclure des accords sur les enquêtes conjointes (art. 49).
H2: 3.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
Aucun besoin d'assistance technique n'a été identifié pour le chapitre IV.
""",
    needs=[(16, "legislative_drafting"), (21, "legislative_drafting"),
           (31, "capacity_building"), (36, "capacity_building"), (20, "other")],
    challenges=[(16, None), (21, None), (20, None), (32, None), (33, None),
                (38, "coordination"), (44, None), (49, None)],
    good_practices=[17, 30])

doc("fr06_mdg_c2_resume_tableau", "MDG", 2, "executive_summary", "fr", pdf=True,
    tests="Cycle 2, besoins présentés dans un tableau (article, type); une "
          "ligne « Général »; une ligne d'assistance en cours; difficultés en "
          "puces avec catégories; PDF.",
    text="""
T: Résumé analytique : Madagascar
H1: 1. Introduction
H2: Aperçu du cadre juridique et institutionnel de Madagascar dans le contexte de l'application de la Convention des Nations Unies contre la corruption
Madagascar a ratifié la Convention le 22 septembre 2004. La loi n° 2016-020 du 22 août 2016 sur la lutte contre la corruption, la loi n° 2016-021 sur les pôles anti-corruption et la loi n° 2018-043 du 13 février 2019 sur la lutte contre le blanchiment de capitaux sont les principaux textes. Le Bureau indépendant anti-corruption (BIANCO), le Comité pour la sauvegarde de l'intégrité et le Service de renseignements financiers (SAMIFIN) sont les principales institutions.
H1: 2. Chapitre II : Mesures préventives
H2: 2.1. Observations sur l'application des articles examinés
La Stratégie nationale de lutte contre la corruption 2015-2025 a été adoptée (art. 5). Le BIANCO mène des activités de prévention et d'éducation (art. 6). Les marchés publics sont régis par la loi n° 2016-055 du 25 janvier 2017 (art. 9).
H2: 2.2. Succès et bonnes pratiques
* Les pôles anti-corruption, juridictions spécialisées dotées d'un dispositif de contrôle de l'intégrité de leurs membres (art. 11).
H2: 2.3. Difficultés d'application
* Ressources limitées du BIANCO, qui ne dispose que de six antennes régionales (art. 6).
* Sensibilisation limitée des agents publics aux règles sur les conflits d'intérêts (art. 8).
* Insuffisance de la coordination interinstitutions entre les organes de contrôle des finances publiques (art. 9).
* Adopter des normes comptables applicables aux entreprises privées et en contrôler l'application (art. 12).
H2: 2.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
| Article | Type d'assistance | Observations |
| 6 | Renforcement institutionnel; renforcement des capacités | Antennes régionales du BIANCO |
| 8 | Assistance législative | Loi sur les conflits d'intérêts |
| 9 | Renforcement des capacités | Déjà fourni par un partenaire bilatéral ; aucun besoin supplémentaire |
| 10 | Élaboration de politiques | Accès à l'information |
| Général | Recherche et collecte de données | Enquêtes de perception de la corruption |
H1: 3. Chapitre V : Recouvrement d'avoirs
H2: 3.1. Observations sur l'application des articles examinés
L'Agence de recouvrement des avoirs illicites (ARAI) a été créée par la loi n° 2019-005 du 8 juillet 2019 (art. 57). Le SAMIFIN est le service de renseignement financier (art. 58).
H2: 3.2. Succès et bonnes pratiques
* La création de l'ARAI, chargée de la gestion et de la restitution des avoirs (art. 57).
H2: 3.3. Difficultés d'application
* Prévoir la confiscation sans condamnation (art. 54, par. 1 c)).
* Capacités limitées du SAMIFIN à analyser les déclarations de soupçon (art. 58).
H2: 3.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
| Article | Type d'assistance |
| 54, 55 | Assistance législative; facilitation de la coopération internationale |
| 58 | Renforcement des capacités |
""",
    needs=[(6, "institution_building"), (6, "capacity_building"),
           (8, "legislative_assistance"), (10, "policymaking"), (0, "research"),
           (54, "legislative_assistance"), (55, "legislative_assistance"),
           (54, "international_cooperation"), (55, "international_cooperation"),
           (58, "capacity_building")],
    challenges=[(6, "resources"), (8, "awareness"), (9, "coordination"), (12, None),
                (54, None), (58, "capacity")],
    good_practices=[11, 57])


doc("fr07_bfa_c1_resume_general", "BFA", 1, "executive_summary", "fr",
    tests="Cycle 1, besoins thématiques sans article (« un besoin général de "
          "renforcement des capacités et d'assistance législative »); un "
          "besoin nommant le chapitre IV; article cité dans une observation "
          "et dans les difficultés seulement.",
    text="""
T: Résumé analytique : Burkina Faso
H1: 1. Introduction : aperçu du cadre juridique et institutionnel du Burkina Faso dans le contexte de l'application de la Convention des Nations Unies contre la corruption
Le Burkina Faso a ratifié la Convention le 10 octobre 2006. La loi n° 004-2015/CNT du 3 mars 2015 portant prévention et répression de la corruption, le Code pénal et la loi n° 016-2016/AN relative à la lutte contre le blanchiment de capitaux sont les principaux textes. L'Autorité supérieure de contrôle d'État et de lutte contre la corruption (ASCE-LC) et les pôles judiciaires spécialisés dans la répression des infractions économiques et financières sont les principales institutions.
H1: 2. Chapitre III : Incrimination, détection et répression
H2: 2.1. Observations sur l'application des articles examinés
La loi n° 004-2015/CNT incrimine la corruption d'agents publics nationaux et étrangers, le détournement de biens publics, le trafic d'influence et l'enrichissement illicite (art. 15 à 20). La responsabilité pénale des personnes morales est prévue (art. 26).
H2: 2.2. Succès et bonnes pratiques
* L'incrimination de l'enrichissement illicite, assortie d'une obligation de déclaration d'intérêts et de patrimoine pour de nombreuses catégories d'agents (art. 20).
* La protection des lanceurs d'alerte prévue par la loi n° 004-2015/CNT (art. 33).
H2: 2.3. Difficultés d'application
* Le délai de prescription de l'action publique devrait être allongé ou suspendu en cas de fuite (art. 29).
* Adopter des mesures de protection des témoins, des experts et des victimes (art. 32).
* Les pôles judiciaires spécialisés souffrent de ressources limitées, tant humaines que matérielles (art. 36).
H2: 2.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
Le Burkina Faso n'a pas identifié de besoins pour des articles précis. Il a exprimé un besoin général de renforcement des capacités et d'assistance législative pour l'application du chapitre III, ainsi que l'élaboration d'un plan d'action national de mise en œuvre des recommandations issues de l'examen.
H1: 3. Chapitre IV : Coopération internationale
H2: 3.1. Observations sur l'application des articles examinés
L'extradition est régie par la loi du 10 mars 1927 et par les conventions de la CEDEAO sur l'extradition et sur l'entraide judiciaire. Le Burkina Faso peut utiliser la Convention comme base légale (art. 44, par. 5).
H2: 3.2. Succès et bonnes pratiques
Aucune bonne pratique n'a été relevée pour le chapitre IV.
H2: 3.3. Difficultés d'application
* Adopter une loi sur l'entraide judiciaire, en l'absence de dispositions internes détaillées (art. 46).
* Envisager le transfert des procédures pénales (art. 47).
H2: 3.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
* Programmes de formation sur la coopération internationale en matière pénale (chapitre IV).
* Assistance législative pour l'élaboration d'une loi sur l'entraide judiciaire (art. 46).
""",
    needs=[(0, "capacity_building"), (0, "legislative_drafting"), (0, "action_plan"),
           (46, "legislative_drafting")],
    challenges=[(29, None), (32, None), (36, "resources"), (46, None), (47, None)],
    good_practices=[20, 33])

doc("fr08_hti_c2_rapport_pays", "HTI", 2, "country_report", "fr", pdf=True,
    layout="narrow",
    tests="Cycle 2, rapport d'examen de pays par article, colonne étroite; "
          "« Aucun besoin d'assistance technique n'a été identifié »; "
          "assistance en cours (art. 8); deux types dans une phrase.",
    text="""
T: Rapport d'examen de pays d'Haïti
Examen par le Burundi et le Costa Rica de l'application par la République d'Haïti des articles 5 à 14 du chapitre II (Mesures préventives) et des articles 51 à 59 du chapitre V (Recouvrement d'avoirs) de la Convention des Nations Unies contre la corruption pour le cycle d'examen 2016-2021
H1: II. Application de la Convention
H2: Chapitre II. Mesures préventives
H3: Article 5. Politiques et pratiques de prévention de la corruption
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
Haïti a adopté la Stratégie nationale de lutte contre la corruption en 2009. Une nouvelle stratégie est en préparation.
b) Observations sur l'application de l'article
Les examinateurs ont recommandé d'actualiser la stratégie et d'en évaluer la mise en œuvre.
c) Difficultés, le cas échéant
Priorités concurrentes liées à la situation sécuritaire, qui ont retardé l'actualisation de la stratégie.
d) Besoins d'assistance technique
Appui à l'élaboration de politiques et à la conduite d'une évaluation de la stratégie (recherche et analyse de données).
H3: Article 6. Organe ou organes de prévention de la corruption
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
L'Unité de lutte contre la corruption (ULCC) a été créée par le décret du 8 septembre 2004.
b) Observations sur l'application de l'article
L'ULCC ne dispose pas d'une indépendance garantie par la loi.
c) Difficultés, le cas échéant
Ressources limitées de l'ULCC, dont le budget a diminué depuis 2018.
d) Besoins d'assistance technique
Renforcement institutionnel de l'ULCC.
H3: Article 8. Codes de conduite des agents publics
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
La loi du 12 mars 2008 sur la déclaration de patrimoine s'applique aux agents publics désignés.
b) Observations sur l'application de l'article
Les déclarations ne sont pas vérifiées de façon systématique.
c) Besoins d'assistance technique
Haïti bénéficie déjà d'un projet d'appui à la numérisation des déclarations de patrimoine ; aucun besoin d'assistance technique n'a été identifié.
H3: Article 9. Passation des marchés publics et gestion des finances publiques
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
La loi du 10 juin 2009 fixant les règles générales relatives aux marchés publics institue la Commission nationale des marchés publics.
b) Observations sur l'application de l'article
Les examinateurs ont relevé le recours fréquent aux procédures d'urgence.
c) Succès et bonnes pratiques
La publication des marchés attribués sur le site de la Commission nationale des marchés publics est une bonne pratique.
d) Besoins d'assistance technique
Formation des membres des commissions de passation des marchés.
H2: Chapitre V. Recouvrement d'avoirs
H3: Article 52. Prévention et détection des transferts du produit du crime
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
La loi du 11 novembre 2013 sanctionnant le blanchiment de capitaux impose des obligations de vigilance.
b) Observations sur l'application de l'article
Les personnes politiquement exposées nationales ne sont pas couvertes.
c) Difficultés, le cas échéant
Capacités limitées des banques à identifier les bénéficiaires effectifs.
d) Besoins d'assistance technique
Aucun besoin d'assistance technique n'a été identifié.
H3: Article 58. Service de renseignement financier
a) Résumé des informations pertinentes pour l'examen de l'application de l'article
L'Unité centrale de renseignements financiers (UCREF) a été créée en 2001.
b) Observations sur l'application de l'article
L'UCREF n'est pas membre du Groupe Egmont.
c) Besoins d'assistance technique
Renforcement des capacités d'analyse de l'UCREF et facilitation de la coopération internationale avec d'autres services de renseignement financier de la région.
""",
    needs=[(5, "policymaking"), (5, "research"), (6, "institution_building"),
           (9, "capacity_building"), (58, "capacity_building"),
           (58, "international_cooperation")],
    challenges=[(5, "priorities"), (6, "resources"), (52, "capacity")],
    good_practices=[9])


doc("fr09_tgo_c1_resume_mixte", "TGO", 1, "executive_summary", "fr",
    tests="Cycle 1, « art. 31 et 36 », « l'article 16 », « paragraphe 2 de "
          "l'article 46 », « 23, par. 1 b) »; loi n° 2015-10; une demande "
          "d'expert et d'assistance technologique dans une phrase; "
          "assistance déjà fournie.",
    text="""
T: Résumé analytique : Togo
H1: 1. Introduction : aperçu du cadre juridique et institutionnel du Togo dans le contexte de l'application de la Convention des Nations Unies contre la corruption
Le Togo a ratifié la Convention le 6 juillet 2005. Le nouveau Code pénal, adopté par la loi n° 2015-10 du 24 novembre 2015, la loi n° 2018-004 du 4 mai 2018 relative à la lutte contre le blanchiment de capitaux et le Code de procédure pénale constituent le cadre juridique. La Haute Autorité de prévention et de lutte contre la corruption et les infractions assimilées (HAPLUCIA) et la Cellule nationale de traitement des informations financières (CENTIF) sont les principales institutions.
H1: 2. Chapitre III : Incrimination, détection et répression
H2: 2.1. Observations sur l'application des articles examinés
Le Code pénal incrimine la corruption d'agents publics nationaux et étrangers (art. 15 et 16). L'article 16 de la Convention est appliqué, sous réserve de la sollicitation par un fonctionnaire d'une organisation internationale publique. Le blanchiment est incriminé conformément à l'article 23, par. 1 b).
H2: 2.2. Succès et bonnes pratiques
* La confiscation obligatoire des biens d'une valeur équivalente au produit de l'infraction (art. 31).
H2: 2.3. Difficultés d'application
* Le Togo devrait se doter d'une autorité de gestion des biens saisis et confisqués (art. 31, par. 3).
* Les capacités limitées de la HAPLUCIA, qui n'a pas de pouvoirs d'enquête, freinent son action (art. 36).
* Le Togo devrait adopter des mesures de protection des personnes qui communiquent des informations (art. 33).
H2: 2.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
* Recueil de bonnes pratiques et lois types sur la gestion des avoirs saisis (art. 31 et 36).
* Assistance d'un expert sur place et assistance technologique pour la mise en place d'un fichier informatisé des affaires de corruption (art. 36).
* Conseils juridiques pour l'élaboration d'une loi sur la protection des lanceurs d'alerte, afin de donner effet à l'article 33.
La CENTIF bénéficie déjà de formations dispensées par le Groupe intergouvernemental d'action contre le blanchiment d'argent en Afrique de l'Ouest.
H1: 3. Chapitre IV : Coopération internationale
H2: 3.1. Observations sur l'application des articles examinés
Le Togo peut extrader en l'absence de traité. L'entraide judiciaire est accordée sur la base des accords de coopération judiciaire et de la réciprocité, conformément au paragraphe 2 de l'article 46.
H2: 3.2. Succès et bonnes pratiques
* L'exécution rapide des demandes d'entraide émanant des États de l'Union économique et monétaire ouest-africaine (art. 46).
H2: 3.3. Difficultés d'application
* Notifier au Secrétaire général l'autorité centrale désignée et les langues acceptables (art. 46, par. 13 et 14).
* Envisager la conclusion d'accords sur les techniques d'enquête spéciales (art. 50).
H2: 3.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
* Renforcement des capacités en matière de techniques d'enquête spéciales (art. 50).
* Accords types sur le transfert des personnes condamnées (art. 45).
""",
    needs=[(31, "good_practices"), (31, "model_legislation"), (36, "good_practices"),
           (36, "model_legislation"), (36, "onsite_expert"), (36, "technological"),
           (33, "legislative_drafting"), (50, "capacity_building"),
           (45, "model_agreements")],
    challenges=[(31, None), (36, "capacity"), (33, None), (46, None), (50, None)],
    good_practices=[31, 46])

doc("fr10_mli_c2_resume_puces", "MLI", 2, "executive_summary", "fr",
    tests="Cycle 2, puces; « n'a pas sollicité d'assistance supplémentaire »; "
          "« Aucun besoin d'assistance technique n'a été identifié » pour le "
          "chapitre V; « programmes de renforcement des capacités »; date "
          "et numéro de loi près des articles.",
    text="""
T: Résumé analytique : Mali
H1: 1. Introduction
H2: Aperçu du cadre juridique et institutionnel du Mali dans le contexte de l'application de la Convention des Nations Unies contre la corruption
Le Mali a ratifié la Convention le 18 avril 2008. L'Office central de lutte contre l'enrichissement illicite (OCLEI), créé par la loi n° 2014-015 du 27 mai 2014, le Bureau du Vérificateur général, la Section des comptes de la Cour suprême et la Cellule nationale de traitement des informations financières (CENTIF) sont les principales institutions.
H1: 2. Chapitre II : Mesures préventives
H2: 2.1. Observations sur l'application des articles examinés
* Le Mali a adopté un Plan national d'action pour la mise en œuvre des recommandations des états généraux sur la corruption (art. 5).
* L'OCLEI reçoit les déclarations de biens des agents publics (art. 8).
* Le Code des marchés publics a été adopté par le décret n° 2015-0604/P-RM du 25 septembre 2015 (art. 9).
H2: 2.2. Succès et bonnes pratiques
* L'indépendance du Bureau du Vérificateur général et la publication de ses rapports annuels (art. 9 et 10).
H2: 2.3. Difficultés d'application
* Adopter une stratégie nationale de prévention de la corruption et en évaluer périodiquement la mise en œuvre (art. 5).
* Doter l'OCLEI de ressources suffisantes, ses ressources limitées entravant l'examen des déclarations de biens (art. 6 et 8).
* Adopter un code de conduite pour les magistrats (art. 11).
* Promouvoir une sensibilisation du public, la sensibilisation limitée de la population au rôle des institutions de contrôle ayant été relevée (art. 13).
H2: 2.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
* Élaboration de politiques : appui à l'élaboration d'une stratégie nationale de prévention (art. 5).
* Programmes de renforcement des capacités pour les agents de l'OCLEI chargés de l'examen des déclarations de biens (art. 8).
* Assistance législative pour l'adoption d'une loi sur l'accès à l'information (art. 10).
Le Mali n'a pas sollicité d'assistance supplémentaire pour l'article 9, pour lequel un appui de la Banque mondiale est en cours.
H1: 3. Chapitre V : Recouvrement d'avoirs
H2: 3.1. Observations sur l'application des articles examinés
La loi n° 2016-008 du 17 mars 2016 portant loi uniforme relative à la lutte contre le blanchiment de capitaux régit la CENTIF (art. 52 et 58). Le Code de procédure pénale permet l'exécution des décisions de confiscation étrangères (art. 55).
H2: 3.2. Succès et bonnes pratiques
Aucune bonne pratique n'a été relevée.
H2: 3.3. Difficultés d'application
* Prévoir la restitution des avoirs confisqués aux États requérants (art. 57).
* Conclure des accords bilatéraux sur le partage et la restitution des avoirs (art. 59).
H2: 3.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention
Aucun besoin d'assistance technique n'a été identifié pour le chapitre V.
""",
    needs=[(5, "policymaking"), (8, "capacity_building"), (10, "legislative_assistance")],
    challenges=[(5, None), (6, "resources"), (8, "resources"), (11, None),
                (13, "awareness"), (57, None), (59, None)],
    good_practices=[9, 10])


# =============================================================== SPANISH

doc("es01_per_c1_resumen_vinetas", "PER", 1, "executive_summary", "es", pdf=True,
    tests="Ciclo 1, resumen con viñetas; «arts. 15, 16 y 21», «artículos 44 a "
          "50»; asistencia ya recibida; «Ley núm. 30424»; buenas prácticas "
          "en la sección de logros; una viñeta con varios tipos.",
    text="""
T: Resumen ejecutivo: Perú
H1: 1. Introducción: Sinopsis del marco jurídico e institucional establecido por el Perú en el contexto de la aplicación de la Convención de las Naciones Unidas contra la Corrupción
El Perú firmó la Convención el 10 de diciembre de 2003 y la ratificó el 16 de noviembre de 2004. Los tratados celebrados por el Estado y en vigor forman parte del derecho nacional (art. 55 de la Constitución Política de 1993). El Código Penal, el Decreto Legislativo núm. 1106 de 2012 de lucha eficaz contra el lavado de activos y la Ley núm. 30424 de 2016, que regula la responsabilidad administrativa de las personas jurídicas, constituyen el marco principal.
Entre las instituciones figuran la Procuraduría Pública Especializada en Delitos de Corrupción, el Ministerio Público, la Contraloría General de la República y la Unidad de Inteligencia Financiera.
H1: 2. Capítulo III: Penalización y aplicación de la ley
H2: 2.1. Observaciones sobre la aplicación de los artículos objeto de examen
H3: Soborno y tráfico de influencias (arts. 15, 16, 18 y 21)
Los artículos 393 a 398 del Código Penal tipifican el cohecho activo y pasivo. El cohecho activo transnacional está tipificado en el artículo 397-A. El soborno en el sector privado fue tipificado en 2018.
H3: Blanqueo de dinero y encubrimiento (arts. 23 y 24)
El Decreto Legislativo núm. 1106 tipifica el lavado de activos; no se requiere condena previa por el delito determinante.
H2: 2.2. Logros y buenas prácticas
* La creación de un subsistema de fiscalías especializadas en delitos de corrupción de funcionarios en todo el país (art. 36).
* El uso de la colaboración eficaz, que ha permitido obtener información en casos complejos (art. 37).
H2: 2.3. Problemas en la aplicación
* Tipificar el cohecho pasivo de funcionarios públicos extranjeros (art. 16, párr. 2).
* Limitados recursos de la Procuraduría para dar seguimiento al gran número de procesos (art. 30).
* Falta de coordinación interinstitucional entre la Unidad de Inteligencia Financiera, la policía y la fiscalía (art. 38).
H2: 2.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
* Asesoramiento jurídico y leyes modelo sobre el cohecho pasivo transnacional (art. 16).
* Programas de fomento de la capacidad para jueces y fiscales sobre los delitos de soborno (arts. 15, 16 y 21).
* Un resumen de buenas prácticas sobre la protección de denunciantes (art. 33).
El Perú ya recibe asistencia de un donante bilateral para un sistema de gestión de casos del Ministerio Público, por lo que no se solicitó asistencia adicional al respecto.
H1: 3. Capítulo IV: Cooperación internacional
H2: 3.1. Observaciones sobre la aplicación de los artículos objeto de examen
La extradición se rige por el Código Procesal Penal y por 18 tratados bilaterales. El Perú puede utilizar la Convención como base jurídica.
H2: 3.2. Logros y buenas prácticas
* La Unidad de Cooperación Judicial Internacional y Extradiciones de la Fiscalía, que tramita las solicitudes con plazos fijos (art. 46).
H2: 3.3. Problemas en la aplicación
* Considerar la posibilidad de celebrar acuerdos sobre investigaciones conjuntas (art. 49).
H2: 3.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
* Capacitación de fiscales y jueces en materia de cooperación internacional (artículos 44 a 50).
* Asistencia tecnológica: canales seguros para el intercambio de información con autoridades centrales extranjeras (art. 46).
""",
    needs=[(16, "legislative_drafting"), (16, "model_legislation")]
          + each([15, 16, 21], "capacity_building") + [(33, "good_practices")]
          + each(R(44, 50), "capacity_building") + [(46, "technological")],
    challenges=[(16, None), (30, "resources"), (38, "coordination"), (49, None)],
    good_practices=[36, 37, 46])

doc("es02_chl_c2_resumen_prosa", "CHL", 2, "executive_summary", "es",
    tests="Ciclo 2, resumen en prosa; necesidad general; varios tipos en una "
          "frase; «los artículos 52 y 58»; «no solicitó más asistencia».",
    text="""
T: Resumen ejecutivo: Chile
H1: 1. Introducción
H2: Sinopsis del marco jurídico e institucional establecido por Chile en el contexto de la aplicación de la Convención de las Naciones Unidas contra la Corrupción
Chile ratificó la Convención el 13 de septiembre de 2006. La Ley núm. 20.880 sobre probidad en la función pública, la Ley núm. 20.285 sobre acceso a la información pública y la Ley núm. 19.913 que crea la Unidad de Análisis Financiero son los principales instrumentos. La Contraloría General de la República, el Consejo para la Transparencia y la Dirección ChileCompra forman parte del marco institucional.
H1: 2. Capítulo II: Medidas preventivas
H2: 2.1. Observaciones sobre la aplicación de los artículos objeto de examen
Chile adoptó en 2023 la Estrategia Nacional de Integridad Pública (art. 5). No existe un único órgano de prevención, sino varias instituciones con funciones preventivas (art. 6). La contratación pública se rige por la Ley núm. 19.886 (art. 9).
H2: 2.2. Logros y buenas prácticas
Se destacaron como buenas prácticas la plataforma electrónica de compras públicas Mercado Público (art. 9) y el funcionamiento del Consejo para la Transparencia como órgano autónomo garante del derecho de acceso a la información (art. 10).
H2: 2.3. Problemas en la aplicación
Se recomendó a Chile reforzar la coordinación entre las instituciones con funciones preventivas, dada la falta de coordinación interinstitucional observada (art. 6); regular la denominada "puerta giratoria" entre el sector público y el privado (art. 12, párr. 2 e)); y adoptar normas sobre la protección de denunciantes en el sector privado (art. 13).
H2: 2.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
Chile señaló una necesidad general de creación de capacidad en materia de integridad en los gobiernos locales. Asimismo, solicitó asistencia legislativa y formulación de políticas para regular los conflictos de intereses en el paso del sector público al privado (art. 12).
H1: 3. Capítulo V: Recuperación de activos
H2: 3.1. Observaciones sobre la aplicación de los artículos objeto de examen
La Unidad de Análisis Financiero cumple las funciones previstas en los artículos 52 y 58. El decomiso de bienes está previsto en el Código Penal.
H2: 3.2. Logros y buenas prácticas
No se señalaron buenas prácticas en relación con el capítulo V.
H2: 3.3. Problemas en la aplicación
Chile debería considerar la adopción del decomiso sin condena (art. 54, párr. 1 c)) y establecer un procedimiento para la restitución de activos a los Estados requirentes (art. 57).
H2: 3.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
Chile no solicitó más asistencia en relación con el capítulo V.
""",
    needs=[(0, "capacity_building"), (12, "legislative_assistance"), (12, "policymaking")],
    challenges=[(6, "coordination"), (12, None), (13, None), (54, None), (57, None)],
    good_practices=[9, 10])


doc("es03_col_c1_informe_pais", "COL", 1, "country_report", "es", pdf=True,
    tests="Ciclo 1, informe del examen del país por artículo con a)-e); «No "
          "se identificaron necesidades de asistencia técnica»; «Ley 1474 de "
          "2011»; «artículo 34 de la Ley 1474» (artículo de una ley nacional) "
          "en una necesidad; artículos citados en las observaciones; tabla "
          "de estadísticas.",
    text="""
T: Informe del examen del país: Colombia
Examen realizado por Guatemala y Honduras de la aplicación por Colombia de los artículos 15 a 42 del capítulo III (Penalización y aplicación de la ley) y de los artículos 44 a 50 del capítulo IV (Cooperación internacional) de la Convención de las Naciones Unidas contra la Corrupción, correspondiente al ciclo de examen 2010-2015
H1: I. Introducción
La visita al país se realizó en Bogotá del 4 al 6 de marzo de 2013.
H1: II. Aplicación de la Convención
H2: Capítulo III. Penalización y aplicación de la ley
H3: Artículo 15. Soborno de funcionarios públicos nacionales
a) Resumen de la información pertinente al examen de la aplicación del artículo
Los artículos 405 a 407 del Código Penal (Ley 599 de 2000) tipifican el cohecho propio, impropio y por dar u ofrecer.
b) Observaciones sobre la aplicación del artículo
Los examinadores consideraron que Colombia ha aplicado el artículo.
c) Necesidades de asistencia técnica
No se identificaron necesidades de asistencia técnica.
H3: Artículo 16. Soborno de funcionarios públicos extranjeros y de funcionarios de organizaciones internacionales públicas
a) Resumen de la información pertinente al examen de la aplicación del artículo
El artículo 433 del Código Penal, modificado por la Ley 1474 de 2011 (Estatuto Anticorrupción), tipifica el soborno transnacional activo.
b) Observaciones sobre la aplicación del artículo
El soborno pasivo de funcionarios extranjeros (art. 16, párr. 2) no está tipificado.
c) Problemas, cuando proceda
Limitada sensibilización de las empresas sobre el delito de soborno transnacional.
d) Necesidades de asistencia técnica
Colombia solicitó un resumen de buenas prácticas y lecciones aprendidas en la investigación del soborno transnacional, así como capacitación para la Superintendencia de Sociedades en la aplicación del artículo 34 de la Ley 1474 de 2011.
H3: Artículo 20. Enriquecimiento ilícito
a) Resumen de la información pertinente al examen de la aplicación del artículo
El artículo 412 del Código Penal tipifica el enriquecimiento ilícito de servidores públicos.
| Año | Investigaciones | Condenas |
| 2010 | 112 | 14 |
| 2011 | 131 | 19 |
| 2012 | 98 | 23 |
b) Observaciones sobre la aplicación del artículo
El artículo se aplica plenamente.
c) Logros y buenas prácticas
La aplicación de la extinción de dominio a los bienes de origen ilícito de servidores públicos fue señalada como una buena práctica.
d) Necesidades de asistencia técnica
No se identificaron necesidades de asistencia técnica.
H3: Artículo 32. Protección de testigos, peritos y víctimas
a) Resumen de la información pertinente al examen de la aplicación del artículo
El Programa de Protección y Asistencia a Víctimas, Testigos e Intervinientes de la Fiscalía General de la Nación fue creado por la Ley 418 de 1997.
b) Observaciones sobre la aplicación del artículo
El programa se aplica a testigos en casos de corrupción.
c) Problemas, cuando proceda
Recursos limitados del programa de protección, que no permiten atender todas las solicitudes.
d) Necesidades de asistencia técnica
Asistencia in situ de un experto para evaluar el programa de protección y elaborar un plan de acción para su fortalecimiento.
H3: Artículo 36. Autoridades especializadas
a) Resumen de la información pertinente al examen de la aplicación del artículo
La Fiscalía cuenta con una Unidad Nacional Anticorrupción. La Secretaría de Transparencia coordina la política anticorrupción.
b) Observaciones sobre la aplicación del artículo
Los examinadores observaron la importancia de coordinar la Unidad Nacional Anticorrupción con la Procuraduría General (art. 38).
c) Problemas, cuando proceda
Falta de coordinación interinstitucional entre los órganos de control y la Fiscalía.
d) Necesidades de asistencia técnica
Asistencia tecnológica: un sistema de gestión de casos compartido entre la Fiscalía y los órganos de control.
H2: Capítulo IV. Cooperación internacional
H3: Artículo 44. Extradición
a) Resumen de la información pertinente al examen de la aplicación del artículo
La extradición se rige por los artículos 490 a 514 de la Ley 906 de 2004 (Código de Procedimiento Penal).
b) Observaciones sobre la aplicación del artículo
La extradición de nacionales colombianos por nacimiento está permitida desde 1997.
c) Necesidades de asistencia técnica
No se identificaron necesidades de asistencia técnica.
H3: Artículo 46. Asistencia judicial recíproca
a) Resumen de la información pertinente al examen de la aplicación del artículo
La Fiscalía General de la Nación es la autoridad central para las solicitudes en materia penal.
b) Observaciones sobre la aplicación del artículo
Colombia presta asistencia en ausencia de doble incriminación (art. 46, párr. 9 b)).
c) Logros y buenas prácticas
La participación de Colombia en la red IberRed y el uso de su sistema seguro de comunicación Iber@ son una buena práctica.
d) Necesidades de asistencia técnica
Colombia no solicitó más asistencia para este artículo.
""",
    needs=[(16, "good_practices"), (16, "capacity_building"), (32, "onsite_expert"),
           (32, "action_plan"), (36, "technological")],
    challenges=[(16, "awareness"), (32, "resources"), (36, "coordination")],
    good_practices=[20, 46])

doc("es04_ecu_c2_resumen_agrupados", "ECU", 2, "executive_summary", "es",
    layout="columns", pdf=True,
    tests="Ciclo 2, dos columnas; referencias agrupadas «los artículos 52 y "
          "58», «arts. 55 a 57», «art. 9, párr. 1», «párrafo 2 del artículo "
          "7», «del artículo 14»; una necesidad que nombra solo el capítulo V.",
    text="""
T: Resumen ejecutivo: Ecuador
H1: 1. Introducción
H2: Sinopsis del marco jurídico e institucional establecido por el Ecuador en el contexto de la aplicación de la Convención de las Naciones Unidas contra la Corrupción
El Ecuador ratificó la Convención el 15 de septiembre de 2005. La Constitución de 2008, el Código Orgánico Integral Penal, la Ley Orgánica del Sistema Nacional de Contratación Pública y la Ley Orgánica de Prevención, Detección y Erradicación del Delito de Lavado de Activos de 2016 conforman el marco jurídico. La Función de Transparencia y Control Social, la Contraloría General del Estado, el Servicio Nacional de Contratación Pública (SERCOP) y la Unidad de Análisis Financiero y Económico (UAFE) son las principales instituciones.
H1: 2. Capítulo II: Medidas preventivas
H2: 2.1. Observaciones sobre la aplicación de los artículos objeto de examen
El Plan Nacional de Integridad Pública y Lucha contra la Corrupción 2019-2023 fue adoptado (art. 5). El SERCOP administra el portal de compras públicas, conforme al art. 9, párr. 1.
H2: 2.2. Logros y buenas prácticas
* El portal de compras públicas, que publica todas las etapas de los procedimientos (art. 9).
* Los mecanismos de participación ciudadana previstos en la Ley Orgánica de Participación Ciudadana (art. 13).
H2: 2.3. Problemas en la aplicación
* Adoptar criterios para la selección y formación de las personas que ocupen cargos especialmente vulnerables a la corrupción, conforme al párrafo 2 del artículo 7.
* Reforzar la verificación de las declaraciones patrimoniales juradas (art. 8, párr. 5).
* Recursos limitados de la UAFE para supervisar las actividades y profesiones no financieras designadas, lo que afecta la aplicación del artículo 14.
H2: 2.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
* Creación de capacidad para los servidores públicos que ocupan cargos vulnerables a la corrupción (art. 7).
* Investigación, reunión y análisis de datos sobre la eficacia del sistema de declaraciones patrimoniales (art. 8).
* Fortalecimiento institucional de la UAFE para la supervisión del sector no financiero, en aplicación del artículo 14.
H1: 3. Capítulo V: Recuperación de activos
H2: 3.1. Observaciones sobre la aplicación de los artículos objeto de examen
La UAFE desempeña las funciones previstas en los artículos 52 y 58. La Ley Orgánica de Extinción de Dominio fue adoptada en 2021 (art. 54).
H2: 3.2. Logros y buenas prácticas
* La Ley Orgánica de Extinción de Dominio, que permite el decomiso sin condena (art. 54, párr. 1 c)).
H2: 3.3. Problemas en la aplicación
* Establecer un mecanismo de administración y restitución de bienes decomisados (arts. 55 a 57).
* Celebrar acuerdos para la disposición definitiva de los bienes decomisados (art. 59).
H2: 3.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
* Asistencia legislativa para la restitución de activos (arts. 55 a 57).
* Facilitación de la cooperación internacional con otros países para la celebración de acuerdos (art. 59).
* Creación de capacidad en materia de recuperación de activos (capítulo V).
""",
    needs=[(7, "capacity_building"), (8, "research"), (14, "institution_building")]
          + each(R(55, 57), "legislative_assistance")
          + [(59, "international_cooperation"), (0, "capacity_building")],
    challenges=[(7, None), (8, None), (14, "resources"), (55, None), (56, None),
                (57, None), (59, None)],
    good_practices=[9, 13, 54])


doc("es05_gtm_c1_resumen_ninguna", "GTM", 1, "executive_summary", "es",
    headings="bold",
    tests="Ciclo 1, títulos en negrita; «No se identificaron necesidades de "
          "asistencia técnica» en el capítulo III; necesidades solo en el "
          "capítulo IV («los artículos 44 y 46»); «Decreto 31-2012»; "
          "«Decreto 28-2008» dentro de una necesidad.",
    text="""
T: Resumen ejecutivo: Guatemala
H1: 1. Introducción: Sinopsis del marco jurídico e institucional establecido por Guatemala en el contexto de la aplicación de la Convención de las Naciones Unidas contra la Corrupción
Guatemala ratificó la Convención el 3 de noviembre de 2006. La Ley contra la Corrupción (Decreto 31-2012), el Código Penal (Decreto 17-73), la Ley contra el Lavado de Dinero u Otros Activos (Decreto 67-2001) y la Ley de Extinción de Dominio (Decreto 55-2010) constituyen el marco principal. El Ministerio Público, por medio de la Fiscalía contra la Corrupción, la Contraloría General de Cuentas y la Intendencia de Verificación Especial son las principales instituciones.
H1: 2. Capítulo III: Penalización y aplicación de la ley
H2: 2.1. Observaciones sobre la aplicación de los artículos objeto de examen
El Decreto 31-2012 tipificó el cohecho activo transnacional, el tráfico de influencias y el enriquecimiento ilícito (arts. 16, 18 y 20). El lavado de dinero está tipificado en el artículo 2 del Decreto 67-2001.
H2: 2.2. Logros y buenas prácticas
La Ley de Extinción de Dominio, que permite la recuperación de bienes de origen ilícito sin condena penal, se consideró una buena práctica (art. 31). También se destacó el uso de métodos especiales de investigación bajo control judicial (art. 50).
H2: 2.3. Problemas en la aplicación
Guatemala debería tipificar el soborno pasivo de funcionarios extranjeros (art. 16, párr. 2) y el soborno en el sector privado (art. 21), y ampliar la protección de los denunciantes (art. 33). Se señaló además la limitada capacidad de los juzgados de mayor riesgo para tramitar los casos de corrupción en plazos razonables (art. 30).
H2: 2.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
No se identificaron necesidades de asistencia técnica para el capítulo III.
H1: 3. Capítulo IV: Cooperación internacional
H2: 3.1. Observaciones sobre la aplicación de los artículos objeto de examen
La extradición se rige por la Ley Reguladora del Procedimiento de Extradición (Decreto 28-2008). Guatemala puede prestar asistencia judicial recíproca sin tratado sobre la base de la reciprocidad.
H2: 3.2. Logros y buenas prácticas
No se identificaron buenas prácticas en este capítulo.
H2: 3.3. Problemas en la aplicación
Guatemala debería notificar al Secretario General su autoridad central (art. 46, párr. 13) y considerar la celebración de acuerdos sobre el traslado de personas condenadas (art. 45).
H2: 3.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
Guatemala solicitó tratados modelo y un resumen de lecciones aprendidas en relación con los artículos 44 y 46, con miras a la reforma del Decreto 28-2008, así como capacitación para la Unidad de Asuntos Internacionales del Ministerio Público en materia de investigaciones conjuntas (art. 49).
""",
    needs=[(44, "model_agreements"), (44, "good_practices"), (46, "model_agreements"),
           (46, "good_practices"), (49, "capacity_building")],
    challenges=[(16, None), (21, None), (33, None), (30, "capacity"), (46, None),
                (45, None)],
    good_practices=[31, 50])

doc("es06_hnd_c2_resumen_tabla", "HND", 2, "executive_summary", "es", pdf=True,
    tests="Ciclo 2, necesidades en una tabla; fila «General»; fila con "
          "asistencia en curso; retos con categorías explícitas; PDF.",
    text="""
T: Resumen ejecutivo: Honduras
H1: 1. Introducción
H2: Sinopsis del marco jurídico e institucional establecido por Honduras en el contexto de la aplicación de la Convención de las Naciones Unidas contra la Corrupción
Honduras ratificó la Convención el 23 de mayo de 2005. La Ley Orgánica del Tribunal Superior de Cuentas (Decreto 10-2002-E), la Ley de Transparencia y Acceso a la Información Pública (Decreto 170-2006) y la Ley de Contratación del Estado (Decreto 74-2001) constituyen el marco principal. El Tribunal Superior de Cuentas, el Instituto de Acceso a la Información Pública y la Oficina Normativa de Contratación y Adquisiciones del Estado (ONCAE) son las principales instituciones.
H1: 2. Capítulo II: Medidas preventivas
H2: 2.1. Observaciones sobre la aplicación de los artículos objeto de examen
Honduras no cuenta con una política nacional anticorrupción vigente (art. 5). El Tribunal Superior de Cuentas recibe las declaraciones juradas de bienes (art. 8).
H2: 2.2. Logros y buenas prácticas
* El portal HonduCompras, que publica los procesos de contratación del Estado (art. 9).
H2: 2.3. Problemas en la aplicación
* Limitados recursos del Tribunal Superior de Cuentas para verificar las declaraciones juradas (art. 8).
* Falta de coordinación interinstitucional entre la ONCAE y los órganos de control (art. 9).
* Limitada sensibilización del público sobre el derecho de acceso a la información (art. 10).
* Adoptar normas que garanticen la independencia de los jueces en su nombramiento y promoción (art. 11).
H2: 2.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
| Artículo | Tipo de asistencia | Observaciones |
| 5 | Formulación de políticas | Política nacional anticorrupción |
| 8 | Fortalecimiento institucional; creación de capacidad | Verificación de declaraciones |
| 9 | Creación de capacidad | En curso con apoyo de un organismo multilateral; no se requiere asistencia adicional |
| 11 | Asistencia legislativa | Ley de la carrera judicial |
| General | Investigación, reunión y análisis de datos | Medición de la corrupción |
H1: 3. Capítulo V: Recuperación de activos
H2: 3.1. Observaciones sobre la aplicación de los artículos objeto de examen
La Ley sobre Privación Definitiva del Dominio de Bienes de Origen Ilícito (Decreto 27-2010) regula el decomiso sin condena. La Unidad de Información Financiera de la Comisión Nacional de Bancos y Seguros es la dependencia de inteligencia financiera (art. 58).
H2: 3.2. Logros y buenas prácticas
* La Oficina Administradora de Bienes Incautados (OABI), que administra los bienes incautados y decomisados (art. 57).
H2: 3.3. Problemas en la aplicación
* Permitir que otros Estados entablen acciones civiles ante los tribunales hondureños (art. 53).
* Limitada capacidad de la Unidad de Información Financiera para analizar los reportes de operaciones sospechosas (art. 58).
H2: 3.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
| Artículo | Tipo de asistencia |
| 53 | Asistencia legislativa |
| 55, 56 | Facilitación de la cooperación internacional con otros países |
| 58 | Creación de capacidad |
""",
    needs=[(5, "policymaking"), (8, "institution_building"), (8, "capacity_building"),
           (11, "legislative_assistance"), (0, "research"), (53, "legislative_assistance"),
           (55, "international_cooperation"), (56, "international_cooperation"),
           (58, "capacity_building")],
    challenges=[(8, "resources"), (9, "coordination"), (10, "awareness"), (11, None),
                (53, None), (58, "capacity")],
    good_practices=[9, 57])


doc("es07_pry_c1_resumen_general", "PRY", 1, "executive_summary", "es",
    tests="Ciclo 1, necesidades temáticas sin artículo («una necesidad general "
          "de fomento de la capacidad»); una necesidad de «asistencia» sin "
          "tipo (otro); «art. 31 y 36» en los problemas; asistencia en curso.",
    text="""
T: Resumen ejecutivo: Paraguay
H1: 1. Introducción: Sinopsis del marco jurídico e institucional establecido por el Paraguay en el contexto de la aplicación de la Convención de las Naciones Unidas contra la Corrupción
El Paraguay ratificó la Convención el 1 de junio de 2005 mediante la Ley núm. 2535. El Código Penal (Ley núm. 1160 de 1997), el Código Procesal Penal (Ley núm. 1286 de 1998) y la Ley núm. 1015 de 1997 que previene y reprime los actos ilícitos destinados a la legitimación de dinero o bienes son los principales textos. La Unidad Especializada de Delitos Económicos y Anticorrupción del Ministerio Público, la Contraloría General de la República y la Secretaría de Prevención de Lavado de Dinero o Bienes (SEPRELAD) son las principales instituciones.
H1: 2. Capítulo III: Penalización y aplicación de la ley
H2: 2.1. Observaciones sobre la aplicación de los artículos objeto de examen
Los artículos 300 a 303 del Código Penal tipifican el cohecho pasivo y el soborno. El soborno transnacional no está tipificado (art. 16). El enriquecimiento ilícito está tipificado en la Ley núm. 2523 de 2004 (art. 20).
H2: 2.2. Logros y buenas prácticas
* La tipificación del enriquecimiento ilícito y la obligación de presentar declaraciones juradas al inicio y al término del mandato (art. 20).
H2: 2.3. Problemas en la aplicación
* Tipificar el soborno de funcionarios públicos extranjeros (art. 16).
* Regular la administración de los bienes incautados y fortalecer las unidades especializadas, que disponen de recursos limitados (art. 31 y 36).
* Establecer la responsabilidad de las personas jurídicas (art. 26).
H2: 2.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
El Paraguay manifestó una necesidad general de fomento de la capacidad de los fiscales y jueces en la investigación y el enjuiciamiento de los delitos de corrupción, y de asesoramiento jurídico para la reforma del Código Penal. Asimismo, solicitó asistencia en relación con el soborno transnacional (art. 16).
La SEPRELAD recibe actualmente capacitación del Grupo de Acción Financiera de Latinoamérica (GAFILAT), por lo que no se identificaron otras necesidades respecto del artículo 23.
H1: 3. Capítulo IV: Cooperación internacional
H2: 3.1. Observaciones sobre la aplicación de los artículos objeto de examen
La extradición se rige por el Código Procesal Penal y por tratados bilaterales y regionales. El Paraguay puede aplicar la Convención como base jurídica de la extradición (art. 44, párr. 5).
H2: 3.2. Logros y buenas prácticas
* La participación activa en la Red Iberoamericana de Cooperación Jurídica Internacional (IberRed) (art. 46).
H2: 3.3. Problemas en la aplicación
* Adoptar una ley de cooperación judicial internacional en materia penal (art. 46).
* Considerar la remisión de actuaciones penales (art. 47).
H2: 3.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
* Programas de fomento de la capacidad en materia de cooperación internacional (capítulo IV).
* Asistencia in situ de un experto a la autoridad central para la tramitación de las solicitudes de asistencia (art. 46).
""",
    needs=[(0, "capacity_building"), (0, "legislative_drafting"), (16, "other"),
           (46, "onsite_expert")],
    challenges=[(16, None), (31, "resources"), (36, "resources"), (26, None),
                (46, None), (47, None)],
    good_practices=[20, 46])


doc("es08_pan_c2_informe_pais", "PAN", 2, "country_report", "es", pdf=True,
    layout="narrow", headings="bold",
    tests="Ciclo 2, informe sobre el examen por artículo, columna estrecha, "
          "títulos en negrita; «No se identificaron necesidades»; asistencia "
          "en curso; «Ley 23 de 2015»; dos tipos en una frase.",
    text="""
T: Informe sobre el examen de Panamá
Examen realizado por Chile y Tailandia de la aplicación por la República de Panamá de los artículos 5 a 14 del capítulo II (Medidas preventivas) y de los artículos 51 a 59 del capítulo V (Recuperación de activos) de la Convención de las Naciones Unidas contra la Corrupción, correspondiente al segundo ciclo de examen
H1: II. Aplicación de la Convención
H2: Capítulo II. Medidas preventivas
H3: Artículo 5. Políticas y prácticas de prevención de la corrupción
a) Resumen de la información pertinente al examen de la aplicación del artículo
La Autoridad Nacional de Transparencia y Acceso a la Información (ANTAI), creada por la Ley 33 de 2013, coordina la Estrategia Nacional Anticorrupción.
b) Observaciones sobre la aplicación del artículo
La Estrategia no ha sido objeto de una evaluación independiente.
c) Necesidades de asistencia técnica
Panamá solicitó apoyo para la formulación de políticas y para la investigación y el análisis de datos sobre la eficacia de la Estrategia.
H3: Artículo 6. Órgano u órganos de prevención de la corrupción
a) Resumen de la información pertinente al examen de la aplicación del artículo
La ANTAI es una entidad independiente en el ejercicio de sus funciones.
b) Observaciones sobre la aplicación del artículo
Los examinadores observaron que el presupuesto de la ANTAI se redujo en 2020.
c) Problemas, cuando proceda
Recursos limitados de la ANTAI para desempeñar sus funciones en todo el territorio.
d) Necesidades de asistencia técnica
Fortalecimiento institucional de la ANTAI y creación de capacidad de su personal.
H3: Artículo 9. Contratación pública y gestión de la hacienda pública
a) Resumen de la información pertinente al examen de la aplicación del artículo
La Ley 22 de 2006 regula la contratación pública; el portal PanamaCompra publica los procesos.
b) Observaciones sobre la aplicación del artículo
El artículo se aplica.
c) Logros y buenas prácticas
El portal PanamaCompra y la publicación en línea de todos los contratos constituyen una buena práctica.
d) Necesidades de asistencia técnica
No se identificaron necesidades de asistencia técnica.
H3: Artículo 14. Medidas para prevenir el blanqueo de dinero
a) Resumen de la información pertinente al examen de la aplicación del artículo
La Ley 23 de 2015 establece medidas para prevenir el blanqueo de capitales y la Intendencia de Supervisión y Regulación de Sujetos No Financieros.
b) Observaciones sobre la aplicación del artículo
La supervisión de los sujetos no financieros se ha reforzado desde 2016.
c) Necesidades de asistencia técnica
Panamá recibe asistencia de un organismo regional para la supervisión basada en riesgos y no solicitó más asistencia.
H2: Capítulo V. Recuperación de activos
H3: Artículo 52. Prevención y detección de transferencias del producto del delito
a) Resumen de la información pertinente al examen de la aplicación del artículo
Las entidades financieras aplican diligencia debida reforzada a las personas expuestas políticamente.
b) Observaciones sobre la aplicación del artículo
Falta un registro de beneficiarios finales plenamente accesible a las autoridades.
c) Problemas, cuando proceda
Falta de coordinación interinstitucional entre la Unidad de Análisis Financiero y los supervisores.
d) Necesidades de asistencia técnica
Asistencia legislativa para el registro de beneficiarios finales.
H3: Artículo 54. Mecanismos de recuperación de bienes mediante la cooperación internacional para fines de decomiso
a) Resumen de la información pertinente al examen de la aplicación del artículo
Panamá puede ejecutar órdenes de decomiso extranjeras por medio de la Corte Suprema de Justicia.
b) Observaciones sobre la aplicación del artículo
No existe el decomiso sin condena (art. 54, párr. 1 c)).
c) Problemas, cuando proceda
Adoptar el decomiso sin condena en los casos en que el delincuente no pueda ser enjuiciado.
d) Necesidades de asistencia técnica
Asistencia legislativa y facilitación de la cooperación internacional con otros países sobre el decomiso sin condena.
H3: Artículo 58. Dependencia de inteligencia financiera
a) Resumen de la información pertinente al examen de la aplicación del artículo
La Unidad de Análisis Financiero es miembro del Grupo Egmont.
b) Observaciones sobre la aplicación del artículo
El artículo se aplica.
c) Necesidades de asistencia técnica
No se identificaron necesidades de asistencia técnica.
""",
    needs=[(5, "policymaking"), (5, "research"), (6, "institution_building"),
           (6, "capacity_building"), (52, "legislative_assistance"),
           (54, "legislative_assistance"), (54, "international_cooperation")],
    challenges=[(6, "resources"), (52, "coordination"), (54, None)],
    good_practices=[9])


doc("es09_bol_c1_resumen_mixto", "BOL", 1, "executive_summary", "es",
    tests="Ciclo 1, Estado llamado «Estado Plurinacional de Bolivia»; «los "
          "artículos 44 y 46», «art. 31 y 36», «párrafo 1 del artículo 23», "
          "«16 1)»; «Ley 004 de 31 de marzo de 2010»; asistencia en curso; "
          "una frase con tres tipos.",
    text="""
T: Resumen ejecutivo: Estado Plurinacional de Bolivia
H1: 1. Introducción: Sinopsis del marco jurídico e institucional establecido por el Estado Plurinacional de Bolivia en el contexto de la aplicación de la Convención de las Naciones Unidas contra la Corrupción
El Estado Plurinacional de Bolivia ratificó la Convención el 5 de diciembre de 2005. La Ley 004 de 31 de marzo de 2010 de Lucha contra la Corrupción, Enriquecimiento Ilícito e Investigación de Fortunas "Marcelo Quiroga Santa Cruz", el Código Penal y el Código de Procedimiento Penal forman el marco principal. El Ministerio de Transparencia Institucional y Lucha contra la Corrupción, la Fiscalía Especializada Anticorrupción y la Unidad de Investigaciones Financieras son las principales instituciones.
H1: 2. Capítulo III: Penalización y aplicación de la ley
H2: 2.1. Observaciones sobre la aplicación de los artículos objeto de examen
La Ley 004 tipificó el cohecho activo transnacional, conforme al artículo 16 1), y el enriquecimiento ilícito (art. 20). El blanqueo está tipificado de conformidad con el párrafo 1 del artículo 23.
H2: 2.2. Logros y buenas prácticas
* La imprescriptibilidad de los delitos de corrupción establecida en la Constitución (art. 29).
* La investigación de fortunas de servidores públicos (art. 20).
H2: 2.3. Problemas en la aplicación
* Tipificar el soborno en el sector privado (art. 21).
* Reforzar la protección de testigos, cuyo programa tiene recursos limitados (art. 32).
* Atender la limitada sensibilización de los servidores públicos sobre los canales de denuncia (art. 33).
H2: 2.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
* Asesoramiento jurídico, leyes modelo y un resumen de buenas prácticas para tipificar el soborno en el sector privado (art. 21).
* Programas de capacitación sobre el decomiso y la administración de bienes para la fiscalía y las autoridades especializadas (art. 31 y 36).
* Elaboración de un plan de acción para la protección de testigos (art. 32).
El Ministerio de Transparencia recibe actualmente apoyo de la cooperación internacional para un sistema de gestión de denuncias.
H1: 3. Capítulo IV: Cooperación internacional
H2: 3.1. Observaciones sobre la aplicación de los artículos objeto de examen
El Estado Plurinacional de Bolivia puede extraditar sobre la base de la Convención. La Fiscalía General del Estado es la autoridad central para la asistencia judicial recíproca.
H2: 3.2. Logros y buenas prácticas
No se señalaron buenas prácticas.
H2: 3.3. Problemas en la aplicación
* Notificar la autoridad central designada al Secretario General (art. 46, párr. 13).
* Limitada capacidad de la autoridad central para dar seguimiento a las solicitudes (art. 46).
H2: 3.4. Necesidades de asistencia técnica detectadas para mejorar la aplicación de la Convención
* Tratados modelo de extradición y de asistencia judicial recíproca, en relación con los artículos 44 y 46.
* Asistencia tecnológica: un sistema de gestión de casos para la autoridad central (art. 46).
""",
    needs=[(21, "legislative_drafting"), (21, "model_legislation"), (21, "good_practices"),
           (31, "capacity_building"), (36, "capacity_building"), (32, "action_plan"),
           (44, "model_agreements"), (46, "model_agreements"), (46, "technological")],
    challenges=[(21, None), (32, "resources"), (33, "awareness"), (46, "capacity")],
    good_practices=[29, 20])

doc("es10_ury_c2_autoevaluacion", "URY", 2, "self_assessment", "es",
    tests="Ciclo 2, respuestas a la lista de verificación para la "
          "autoevaluación: preguntas por artículo, problemas marcados con las "
          "categorías de la lista, tipos de asistencia con los nombres de la "
          "lista; respuestas «(N) No»; asistencia ya prestada.",
    text="""
T: Lista amplia de verificación para la autoevaluación de la aplicación de la Convención de las Naciones Unidas contra la Corrupción
República Oriental del Uruguay. Respuestas del Estado parte objeto de examen. Capítulo II (Medidas preventivas) y capítulo V (Recuperación de activos).
Coordinador: Junta de Transparencia y Ética Pública (JUTEP). Fecha de presentación: 14 de febrero de 2019.
H1: Capítulo II. Medidas preventivas
H2: Artículo 5. Políticas y prácticas de prevención de la corrupción
¿Ha adoptado su país la medida descrita? (S) Sí
Cite las medidas aplicables: la Ley núm. 19.823 de 18 de septiembre de 2019 sobre el Código de Ética en la Función Pública.
¿Necesita su país asistencia técnica para aplicar este artículo? (N) No
H2: Artículo 6. Órgano u órganos de prevención de la corrupción
¿Ha adoptado su país la medida descrita? (S) Sí, en parte
Indique los problemas que enfrenta para aplicar el artículo:
#. Recursos limitados para la aplicación (por ejemplo, humanos, financieros u otros)
¿Necesita su país asistencia técnica para aplicar este artículo? (S) Sí
Especifique las formas de asistencia técnica que se necesitarían:
#. Creación de instituciones
#. Creación de capacidad
H2: Artículo 8. Códigos de conducta para funcionarios públicos
¿Ha adoptado su país la medida descrita? (S) Sí
Indique los problemas que enfrenta para aplicar el artículo:
#. Coordinación entre organismos
¿Necesita su país asistencia técnica para aplicar este artículo? (S) Sí
Especifique las formas de asistencia técnica que se necesitarían:
#. Investigación, reunión y análisis de datos (evaluación del sistema de declaraciones juradas)
H2: Artículo 9. Contratación pública y gestión de la hacienda pública
¿Ha adoptado su país la medida descrita? (S) Sí
Cite las medidas aplicables: el Texto Ordenado de Contabilidad y Administración Financiera (TOCAF), Decreto 150/012.
¿Se presta ya asistencia técnica a su país en esta materia? (S) Sí, la Agencia Reguladora de Compras Estatales recibe apoyo de un banco regional de desarrollo.
¿Necesita su país asistencia técnica para aplicar este artículo? (N) No
H2: Artículo 12. Sector privado
¿Ha adoptado su país la medida descrita? (S) Sí, en parte
Indique los problemas que enfrenta para aplicar el artículo:
#. Prioridades contrapuestas
¿Necesita su país asistencia técnica para aplicar este artículo? (S) Sí
Especifique las formas de asistencia técnica que se necesitarían:
#. Formulación de políticas
#. Asistencia legislativa
H1: Capítulo V. Recuperación de activos
H2: Artículo 53. Medidas para la recuperación directa de bienes
¿Ha adoptado su país la medida descrita? (N) No
Indique los problemas que enfrenta para aplicar el artículo:
#. Particularidades del ordenamiento jurídico
¿Necesita su país asistencia técnica para aplicar este artículo? (S) Sí
Especifique las formas de asistencia técnica que se necesitarían:
#. Asistencia legislativa
H2: Artículo 57. Restitución y disposición de activos
¿Ha adoptado su país la medida descrita? (S) Sí, en parte
¿Necesita su país asistencia técnica para aplicar este artículo? (S) Sí
Especifique las formas de asistencia técnica que se necesitarían:
#. Facilitación de la cooperación internacional con otros países
#. Otro tipo de asistencia (especifique): traducción de las solicitudes
H2: Artículo 58. Dependencia de inteligencia financiera
¿Ha adoptado su país la medida descrita? (S) Sí
¿Necesita su país asistencia técnica para aplicar este artículo? (N) No
""",
    needs=[(6, "institution_building"), (6, "capacity_building"), (8, "research"),
           (12, "policymaking"), (12, "legislative_assistance"),
           (53, "legislative_assistance"), (57, "international_cooperation"),
           (57, "other")],
    challenges=[(6, "resources"), (8, "coordination"), (12, "priorities"),
                (53, "legal_system")])


# =============================================================== main

def body_text(path):
    """The DOCX's text in body order (paragraphs and table rows), for the
    gold check."""
    from docx import Document as D
    d = D(path)
    out = []
    for el in d.element.body.iterchildren():
        tag = el.tag.split("}")[1]
        if tag == "p":
            t = "".join(x.text or "" for x in el.iter(qn("w:t")))
            if t.strip():
                out.append(t)
        elif tag == "tbl":
            for tr in el.iter(qn("w:tr")):
                cells = []
                for tc in tr.iter(qn("w:tc")):
                    cells.append("".join(x.text or "" for x in tc.iter(qn("w:t"))))
                out.append(" | ".join(cells))
    return "\n".join(out)



STYLES = [
    (("self_assessment", "autoevaluacion"), "self-assessment checklist answers"),
    (("country_report", "rapport_pays", "informe_pais"), "country report, a section per article"),
    (("grouped", "groupes", "agrupados"), "executive summary, grouped article references"),
    (("table", "tableau", "tabla"), "executive summary, needs in tables"),
    (("general",), "executive summary, general / thematic needs"),
    (("no_needs", "aucun_besoin", "ninguna", "partial"), "executive summary, a chapter with no needs"),
    (("distractors", "mixte", "mixto"), "executive summary, numbers and distractors"),
    (("bullets", "puces", "vinetas"), "executive summary, bullet lists"),
    (("prose", "prosa"), "executive summary, prose"),
]


def style_of(d):
    for keys, name in STYLES:
        if any(k in d["id"] for k in keys):
            return name
    raise ValueError(d["id"])


def write_readme(pdf_ids):
    from collections import Counter
    lines = []
    w = lines.append
    w("# The labelled reading corpus")
    w("")
    w("**All documents here are fictitious.** They were written by hand for "
      "tana's tests, in the style of the UNCAC Implementation Review "
      "Mechanism's executive summaries, country review reports and "
      "self-assessment checklists. The States named did not write them; the "
      "laws, dates, figures, institutions and findings are invented or "
      "approximate and must not be cited as facts about any State.")
    w("")
    w("Rebuild with `python3 tests/data/reading/make_corpus.py` (python-docx; "
      "LibreOffice `soffice` for the PDFs). Each document `ID` has `ID.docx`, "
      "`ID.gold.json` (format: the gold-format brief: state, cycle, document, "
      "language, needs on (article, type), challenges on article with an "
      "optional category, good practices on article) and, for some, `ID.pdf` "
      "made from the DOCX by LibreOffice. The gold was written with each text, "
      "before any reader existed, and checked against a dump of the DOCX.")
    w("")
    w("## Counts")
    w("")
    n = len(DOCS)
    by = lambda key: Counter(key(d) for d in DOCS)
    w("- documents: %d (%d also as PDF)" % (n, len(pdf_ids)))
    for title, key in (("language", lambda d: d["language"]),
                       ("cycle", lambda d: "cycle %d" % d["cycle"]),
                       ("language and cycle", lambda d: "%s, cycle %d" % (d["language"], d["cycle"])),
                       ("kind of document", lambda d: d["document"]),
                       ("style", style_of)):
        c = by(key)
        w("- by %s: %s" % (title, "; ".join("%s %d" % (k, c[k]) for k in sorted(c))))
    needs = sum(len(d["needs"]) for d in DOCS)
    general = sum(1 for d in DOCS for a, t in d["needs"] if a == 0)
    chal = sum(len(d["challenges"]) for d in DOCS)
    cat = sum(1 for d in DOCS for a, k in d["challenges"] if k)
    gps = sum(len(d["good_practices"]) for d in DOCS)
    w("- gold needs: %d (%d tied to no article, article 0); challenges: %d "
      "(%d with a category); good practices: %d" % (needs, general, chal, cat, gps))
    for lang in ("en", "fr", "es"):
        ds = [d for d in DOCS if d["language"] == lang]
        w("  - %s: %d needs, %d challenges, %d good practices"
          % (lang, sum(len(d["needs"]) for d in ds), sum(len(d["challenges"]) for d in ds),
             sum(len(d["good_practices"]) for d in ds)))
    pd = [d for d in DOCS if d["id"] in pdf_ids]
    w("- in the %d documents that also have a PDF: %d needs, %d challenges, %d good practices"
      % (len(pd), sum(len(d["needs"]) for d in pd), sum(len(d["challenges"]) for d in pd),
         sum(len(d["good_practices"]) for d in pd)))
    tc = Counter("%d:%s" % (d["cycle"], t) for d in DOCS for a, t in d["needs"])
    w("- need types in the gold: " + "; ".join("%s %d" % (k, tc[k]) for k in sorted(tc)))
    w("- documents with no need at all: " + ", ".join(d["id"] for d in DOCS if not d["needs"]))
    w("")
    w("## The documents")
    w("")
    w("| document | State | cycle | lang | kind | PDF | layout | needs / challenges / good practices | what it tests |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for d in DOCS:
        w("| %s | %s | %d | %s | %s | %s | %s%s | %d / %d / %d | %s |" % (
            d["id"], d["state"], d["cycle"], d["language"], d["document"],
            "yes" if d["id"] in pdf_ids else "", d["layout"],
            ", bold headings" if d["headings"] == "bold" else "",
            len(d["needs"]), len(d["challenges"]), len(d["good_practices"]),
            d["tests"].replace("|", "/")))
    w("")
    with open(os.path.join(HERE, "README.md")) as f:
        notes = f.read().split("<!-- notes -->", 1)
    w("<!-- notes -->" + (notes[1] if len(notes) > 1 else "\n"))
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write("\n".join(lines))


def main():
    args = sys.argv[1:]
    make_pdf = "--no-pdf" not in args
    types, cats, states = load_codes()
    ids = [d["id"] for d in DOCS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for name in os.listdir(HERE):
        if name.endswith((".docx", ".gold.json")) or (make_pdf and name.endswith(".pdf")):
            os.remove(os.path.join(HERE, name))
    for d in DOCS:
        gold = gold_of(d, types, cats, states)
        write_docx(d, os.path.join(HERE, d["id"] + ".docx"))
        with open(os.path.join(HERE, d["id"] + ".gold.json"), "w") as f:
            json.dump(gold, f, indent=2, ensure_ascii=False)
            f.write("\n")
    pdfs = [d["id"] for d in DOCS if d["pdf"]]
    if make_pdf and pdfs:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            print("soffice not found: no PDF written", file=sys.stderr)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run([soffice, "--headless", "-env:UserInstallation=file://" + tmp + "/profile",
                                "--convert-to", "pdf", "--outdir", tmp]
                               + [os.path.join(HERE, i + ".docx") for i in pdfs],
                               check=True, stdout=subprocess.DEVNULL)
                for i in pdfs:
                    shutil.move(os.path.join(tmp, i + ".pdf"), os.path.join(HERE, i + ".pdf"))
    write_readme(pdfs)
    print("%d documents, %d PDF" % (len(DOCS), len(pdfs) if make_pdf else 0))


if __name__ == "__main__":
    main()
