//! `tana read`: documents written here (DOCX, ODT, HTML, text, PDF) read
//! back into the records they were written from; bad inputs refused; the
//! output imported by the real binary.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use proptest::prelude::*;
use tana::read::{Given, What, read, vocab::Vocabulary};
use tana::reference::Reference;

use crate::{Dir, s};

/// One paragraph of a document written by a test.
#[derive(Clone, Debug)]
pub enum Para {
    Heading(u8, String),
    Text(String),
    Item(String),
}

fn escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A minimal DOCX: headings styled `Heading N` (named in styles.xml), list
/// items with numbering, the rest plain paragraphs.
pub fn write_docx(path: &Path, paras: &[Para]) {
    let mut body = String::new();
    for p in paras {
        let (ppr, text) = match p {
            Para::Heading(l, t) => (format!("<w:pPr><w:pStyle w:val=\"Heading{l}\"/></w:pPr>"), t),
            Para::Item(t) => (
                "<w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>".to_string(),
                t,
            ),
            Para::Text(t) => (String::new(), t),
        };
        // Split runs, as Word does, to check that runs are joined.
        let mid = text
            .char_indices()
            .nth(text.chars().count() / 2)
            .map_or(0, |(i, _)| i);
        let (a, b) = text.split_at(mid);
        body.push_str(&format!(
            "<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(a),
            escape(b)
        ));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut styles = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    for l in 1..=3 {
        styles.push_str(&format!("<w:style w:type=\"paragraph\" w:styleId=\"Heading{l}\"><w:name w:val=\"heading {l}\"/></w:style>"));
    }
    styles.push_str("<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/></w:style></w:styles>");
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    let file = std::fs::File::create(path).expect("create the DOCX");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", types.to_string()),
        ("_rels/.rels", rels.to_string()),
        ("word/document.xml", document),
        ("word/styles.xml", styles),
    ] {
        zip.start_file(name, options).expect("a zip entry");
        zip.write_all(text.as_bytes()).expect("write a zip entry");
    }
    zip.finish().expect("finish the DOCX");
}

/// A minimal ODT holding the same paragraphs.
fn write_odt(path: &Path, paras: &[Para]) {
    let mut body = String::new();
    for p in paras {
        match p {
            Para::Heading(l, t) => body.push_str(&format!(
                "<text:h text:outline-level=\"{l}\">{}</text:h>",
                escape(t)
            )),
            Para::Item(t) => body.push_str(&format!(
                "<text:list><text:list-item><text:p>{}</text:p></text:list-item></text:list>",
                escape(t)
            )),
            Para::Text(t) => body.push_str(&format!("<text:p>{}</text:p>", escape(t))),
        }
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>{body}</office:text></office:body></office:document-content>"
    );
    let file = std::fs::File::create(path).expect("create the ODT");
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("mimetype");
    zip.write_all(b"application/vnd.oasis.opendocument.text")
        .expect("mimetype");
    zip.start_file("content.xml", stored).expect("content");
    zip.write_all(content.as_bytes()).expect("content");
    zip.finish().expect("finish the ODT");
}

fn html_of(paras: &[Para]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html><html><head><title>review</title><style>p{}</style></head><body>",
    );
    for p in paras {
        match p {
            Para::Heading(l, t) => out.push_str(&format!("<h{l}>{}</h{l}>", escape(t))),
            Para::Item(t) => out.push_str(&format!("<ul><li>{}</li></ul>", escape(t))),
            Para::Text(t) => out.push_str(&format!("<p>{}</p>", escape(t))),
        }
    }
    out.push_str("</body></html>");
    out
}

fn text_of(paras: &[Para]) -> String {
    let mut out = String::new();
    for p in paras {
        match p {
            Para::Heading(_, t) | Para::Text(t) => out.push_str(&format!("{t}\n\n")),
            Para::Item(t) => out.push_str(&format!("• {t}\n")),
        }
    }
    out
}

/// A PDF with a text layer (Helvetica, one line per row), written by hand.
fn write_pdf(path: &Path, lines: &[String]) {
    let mut content = String::from("BT /F1 10 Tf 12 TL 50 780 Td\n");
    for l in lines {
        let t = l
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({t}) Tj T*\n"));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    write_pdf_objects(path, &objects);
}

fn write_pdf_objects(path: &Path, objects: &[String]) {
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        pdf.push_str(&format!("{o:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    std::fs::write(path, pdf).expect("write the PDF");
}

/// Whether pdftotext is here; under CI it must be.
fn pdf_tools() -> bool {
    let here = tana::read::extract::reads_pdf();
    assert!(
        here || std::env::var_os("CI").is_none(),
        "CI must install poppler-utils (pdftotext)"
    );
    if !here {
        eprintln!("skipped: pdftotext (poppler-utils) is not installed");
    }
    here
}

// ---------------------------------------------------------------------------
// Records, and documents written from them in each language's template.

/// The records a document is written from, as the gold format keys them.
#[derive(Clone, Debug)]
struct Records {
    state: usize,
    cycle: u8,
    language: usize,
    /// (article, types); article 0 for a general need.
    needs: Vec<(u16, Vec<usize>)>,
    challenges: Vec<(u16, usize)>,
    practices: Vec<u16>,
}

const LANGUAGES: [&str; 3] = ["en", "fr", "es"];
/// (code, English, French, Spanish name).
const STATES: [(&str, &str, &str, &str); 5] = [
    ("KEN", "Kenya", "Kenya", "Kenya"),
    ("PER", "Peru", "Pérou", "Perú"),
    ("MAR", "Morocco", "Maroc", "Marruecos"),
    ("SEN", "Senegal", "Sénégal", "Senegal"),
    ("MEX", "Mexico", "Mexique", "México"),
];

/// Types of cycle 1 and 2 with a phrase naming each in each language.
fn type_phrases(cycle: u8) -> Vec<(&'static str, [&'static str; 3])> {
    if cycle == 1 {
        vec![
            (
                "legislative_drafting",
                [
                    "legal advice",
                    "des conseils juridiques",
                    "asesoramiento jurídico",
                ],
            ),
            (
                "model_legislation",
                ["model laws", "des lois types", "leyes modelo"],
            ),
            (
                "action_plan",
                ["an action plan", "un plan d'action", "un plan de acción"],
            ),
            (
                "good_practices",
                [
                    "a summary of good practices",
                    "un recueil de bonnes pratiques",
                    "un compendio de buenas prácticas",
                ],
            ),
            (
                "model_agreements",
                ["model agreements", "des accords types", "acuerdos modelo"],
            ),
            (
                "capacity_building",
                [
                    "capacity-building programmes",
                    "le renforcement des capacités",
                    "programas de fomento de la capacidad",
                ],
            ),
            (
                "onsite_expert",
                [
                    "on-site assistance by an expert",
                    "l'assistance d'un expert sur place",
                    "asistencia de un experto in situ",
                ],
            ),
            (
                "technological",
                [
                    "a case management system",
                    "une base de données",
                    "un sistema de gestión de casos",
                ],
            ),
        ]
    } else {
        vec![
            (
                "legislative_assistance",
                [
                    "legislative assistance",
                    "une assistance législative",
                    "asistencia legislativa",
                ],
            ),
            (
                "institution_building",
                [
                    "institution-building",
                    "le renforcement des institutions",
                    "fortalecimiento institucional",
                ],
            ),
            (
                "policymaking",
                [
                    "policy development",
                    "l'élaboration des politiques",
                    "formulación de políticas",
                ],
            ),
            (
                "capacity_building",
                ["training", "des formations", "capacitación"],
            ),
            (
                "research",
                [
                    "data collection",
                    "la collecte de données",
                    "recopilación de datos",
                ],
            ),
            (
                "international_cooperation",
                [
                    "international cooperation",
                    "la coopération internationale",
                    "cooperación internacional",
                ],
            ),
        ]
    }
}

/// Categories of challenge with a sentence saying each.
const CATEGORIES: [(&str, [&str; 3]); 3] = [
    (
        "resources",
        [
            "Limited resources hamper the application of",
            "Des ressources limitées entravent l'application de",
            "Los recursos limitados dificultan la aplicación del",
        ],
    ),
    (
        "coordination",
        [
            "Weak coordination among agencies affects",
            "Une faible coordination entre les services affecte",
            "La escasa coordinación entre organismos afecta al",
        ],
    ),
    (
        "normative",
        [
            "Gaps in the legislation remain regarding",
            "Des lacunes de la législation subsistent concernant",
            "Subsisten lagunas en la legislación respecto del",
        ],
    ),
];

fn articles_of(cycle: u8) -> Vec<u16> {
    if cycle == 1 {
        (15..=50).collect()
    } else {
        (5..=14).chain(51..=59).collect()
    }
}

fn join(items: &[&str], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// The document a State's records make, in its language's template: a
/// title, an observations section naming articles (a distractor), then
/// successes, challenges and needs, each item naming its article.
fn document(r: &Records) -> Vec<Para> {
    let l = r.language;
    let (code, en, fr, es) = STATES[r.state];
    let _ = code;
    let name = [en, fr, es][l];
    let chapters = if r.cycle == 1 {
        ["III and IV", "III et IV", "III y IV"]
    } else {
        ["II and V", "II et V", "II y V"]
    };
    let title = [
        "Executive summary: ",
        "Résumé analytique : ",
        "Resumen ejecutivo: ",
    ][l];
    let intro = [
        format!(
            "The review of {name} covered chapters {} of the Convention.",
            chapters[0]
        ),
        format!(
            "L'examen du pays {name} a porté sur les chapitres {} de la Convention.",
            chapters[1]
        ),
        format!(
            "El examen de {name} abarcó los capítulos {} de la Convención.",
            chapters[2]
        ),
    ];
    let observed = articles_of(r.cycle)[3];
    let mut out = vec![
        Para::Heading(1, format!("{title}{name}")),
        Para::Text(intro[l].clone()),
        Para::Heading(2, ["2.1 Observations on the implementation", "2.1 Observations sur l'application", "2.1 Observaciones sobre la aplicación"][l].into()),
        Para::Text([
            format!("The reviewers noted that article {observed} is partly implemented and that training is ongoing."),
            format!("Les examinateurs ont noté que l'article {observed} est en partie appliqué."),
            format!("Los examinadores observaron que el artículo {observed} se aplica en parte."),
        ][l].clone()),
        Para::Heading(2, ["2.2 Successes and good practices", "2.2 Succès et bonnes pratiques", "2.2 Logros y buenas prácticas"][l].into()),
    ];
    for a in &r.practices {
        out.push(Para::Item(
            [
                format!("The specialized body is a good practice (art. {a})."),
                format!("L'organe spécialisé constitue une bonne pratique (art. {a})."),
                format!("El órgano especializado constituye una buena práctica (art. {a})."),
            ][l]
                .clone(),
        ));
    }
    out.push(Para::Heading(
        2,
        [
            "2.3 Challenges in implementation",
            "2.3 Difficultés d'application",
            "2.3 Problemas en la aplicación",
        ][l]
            .into(),
    ));
    for (a, c) in &r.challenges {
        let art = [
            format!("article {a}"),
            format!("l'article {a}"),
            format!("artículo {a}"),
        ][l]
            .clone();
        out.push(Para::Item(format!("{} {art}.", CATEGORIES[*c].1[l])));
    }
    out.push(Para::Heading(
        2,
        [
            "2.4 Technical assistance needs identified to improve implementation of the Convention",
            "2.4 Besoins d'assistance technique",
            "2.4 Necesidades de asistencia técnica",
        ][l]
            .into(),
    ));
    if r.needs.is_empty() {
        out.push(Para::Text(
            [
                "No technical assistance needs were identified.",
                "Aucun besoin d'assistance technique n'a été identifié.",
                "No se identificaron necesidades de asistencia técnica.",
            ][l]
                .into(),
        ));
    }
    let phrases = type_phrases(r.cycle);
    for (a, types) in &r.needs {
        let named: Vec<&str> = types.iter().map(|&t| phrases[t].1[l]).collect();
        let what = join(&named, ["and", "et", "y"][l]);
        let what = if what.is_empty() {
            ["Assistance", "Une assistance", "Asistencia"][l].to_string()
        } else {
            what
        };
        out.push(Para::Item(if *a == 0 {
            [
                format!("A general need for {what}."),
                format!("Un besoin général : {what}."),
                format!("Una necesidad general de {what}."),
            ][l]
                .clone()
        } else {
            format!("{what} (art. {a}).")
        }));
    }
    out
}

/// What a careful reader takes from such a document.
fn expected(r: &Records) -> Read3 {
    let phrases = type_phrases(r.cycle);
    let mut needs = BTreeSet::new();
    for (a, types) in &r.needs {
        if types.is_empty() {
            needs.insert((*a, "other".to_string()));
        }
        for &t in types {
            needs.insert((*a, phrases[t].0.to_string()));
        }
    }
    let challenges = r
        .challenges
        .iter()
        .map(|(a, c)| (*a, CATEGORIES[*c].0.to_string()))
        .collect();
    (needs, challenges, r.practices.iter().copied().collect())
}

fn records() -> impl Strategy<Value = Records> {
    (0..STATES.len(), 1u8..=2, 0..LANGUAGES.len()).prop_flat_map(|(state, cycle, language)| {
        let articles = articles_of(cycle);
        let ntypes = type_phrases(cycle).len();
        let article = proptest::sample::select(articles);
        let need = (
            prop_oneof![1 => Just(0u16), 5 => article.clone()],
            proptest::collection::btree_set(0..ntypes, 0..3),
        );
        (
            proptest::collection::vec(need, 0..5),
            proptest::collection::btree_map(article.clone(), 0..CATEGORIES.len(), 0..4),
            proptest::collection::btree_set(article, 0..3),
        )
            .prop_map(move |(needs, challenges, practices)| {
                // One item per article, and a general need only with a type.
                let mut seen = BTreeSet::new();
                let needs = needs
                    .into_iter()
                    .filter(|(a, t)| seen.insert(*a) && (*a != 0 || !t.is_empty()))
                    .map(|(a, t)| (a, t.into_iter().collect()))
                    .collect();
                Records {
                    state,
                    cycle,
                    language,
                    needs,
                    challenges: challenges.into_iter().collect(),
                    practices: practices.into_iter().collect(),
                }
            })
    })
}

type Read3 = (
    BTreeSet<(u16, String)>,
    BTreeSet<(u16, String)>,
    BTreeSet<u16>,
);

fn read_back(path: &Path) -> (String, u8, String, Read3) {
    let r = read(
        path,
        &Given::default(),
        &Reference::uncac(),
        Vocabulary::embedded(),
    )
    .expect("the document reads");
    let mut needs = BTreeSet::new();
    let mut challenges = BTreeSet::new();
    let mut practices = BTreeSet::new();
    for f in &r.found {
        match &f.what {
            What::Need { kind } => {
                needs.insert((f.article, kind.clone()));
            }
            What::Challenge { category } => {
                challenges.insert((f.article, category.clone().unwrap_or_default()));
            }
            What::GoodPractice => {
                practices.insert(f.article);
            }
        }
    }
    (r.state, r.cycle, r.language, (needs, challenges, practices))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random records → an executive summary in each language's style, as
    /// DOCX (and, for some, ODT, HTML and text) → read back to the same records.
    #[test]
    fn documents_read_back_to_their_records(r in records()) {
        let dir = tempfile::tempdir().expect("a folder");
        let paras = document(&r);
        let docx = dir.path().join("summary.docx");
        write_docx(&docx, &paras);
        let odt = dir.path().join("summary.odt");
        write_odt(&odt, &paras);
        let html = dir.path().join("summary.html");
        std::fs::write(&html, html_of(&paras)).expect("write");
        let txt = dir.path().join("summary.txt");
        std::fs::write(&txt, text_of(&paras)).expect("write");
        let want = expected(&r);
        for path in [&docx, &odt, &html, &txt] {
            let (state, cycle, language, got) = read_back(path);
            prop_assert_eq!(&state, STATES[r.state].0, "{}", path.display());
            prop_assert_eq!(cycle, r.cycle);
            prop_assert_eq!(&language, LANGUAGES[r.language]);
            prop_assert_eq!(&got, &want, "{}", path.display());
        }
    }
}

// ---------------------------------------------------------------------------
// The command, end to end.

fn kenya() -> Records {
    Records {
        state: 0,
        cycle: 1,
        language: 0,
        needs: vec![(16, vec![0, 5]), (0, vec![5]), (46, vec![])],
        challenges: vec![(16, 0), (44, 1)],
        practices: vec![36],
    }
}

#[test]
fn read_json_imports_into_a_workspace() {
    let d = Dir::new();
    let doc = d.path("kenya.docx");
    write_docx(&doc, &document(&kenya()));
    let json = d.ok(&["read", s(&doc), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let needs = v["needs"].as_array().expect("needs");
    assert_eq!(needs.len(), 4, "{json}");
    for n in needs {
        assert_eq!(n["state"], "KEN");
        assert_eq!(n["source"], "executive_summary");
        assert!(n["quote"].as_str().is_some_and(|q| !q.is_empty()));
        assert!(
            n["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("kenya.docx"))
        );
    }
    assert!(
        needs
            .iter()
            .any(|n| n["article"] == "" && n["type"] == "capacity_building")
    );
    d.write("r.json", &json);
    d.ok(&["init"]);
    let out = d.tana(&["import", "r.json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export = d.path("export");
    d.ok(&["export", "--format", "json", "--out", s(&export)]);
    let exported = std::fs::read_to_string(export.join("records.json")).unwrap_or_else(|_| {
        std::fs::read_dir(&export)
            .expect("export folder")
            .filter_map(|e| e.ok())
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .collect()
    });
    for want in ["capacity_building", "legislative_drafting", "\"other\""] {
        assert!(exported.contains(want), "{want} not in {exported}");
    }
}

#[test]
fn read_csv_and_text() {
    let d = Dir::new();
    let doc = d.path("kenya.docx");
    write_docx(&doc, &document(&kenya()));
    let out = d.path("csv");
    d.ok(&["read", s(&doc), "--format", "csv", "--out", s(&out)]);
    let needs = std::fs::read_to_string(out.join("needs.csv")).expect("needs.csv");
    assert_eq!(needs.lines().count(), 5, "{needs}");
    assert!(out.join("challenges.csv").exists() && out.join("good_practices.csv").exists());
    d.ok(&["init"]);
    d.ok(&[
        "import",
        s(&out.join("needs.csv")),
        s(&out.join("challenges.csv")),
        s(&out.join("good_practices.csv")),
    ]);
    let text = d.ok(&["read", s(&doc)]);
    assert!(
        text.contains("KEN cycle 1, executive_summary, en (docx)"),
        "{text}"
    );
    assert!(text.contains("needs: 4"), "{text}");
}

#[test]
fn flags_override_and_are_needed_when_the_document_is_silent() {
    let d = Dir::new();
    let doc = d.write(
        "notes.txt",
        "Technical assistance needs\n\nThe country requested legal advice on the offence of bribery in the private sector (art. 21).\n",
    );
    let out = d.tana(&["read", s(&doc)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("notes.txt") && err.contains("--state"),
        "{err}"
    );
    let json = d.ok(&[
        "read",
        s(&doc),
        "--state",
        "Viet Nam",
        "--format",
        "json",
        "--document",
        "self_assessment",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["needs"][0]["state"], "VNM");
    assert_eq!(v["needs"][0]["cycle"], 1);
    assert_eq!(v["needs"][0]["article"], 21);
    assert_eq!(v["needs"][0]["type"], "legislative_drafting");
    assert_eq!(v["needs"][0]["source"], "self_assessment");
    let silent = d.write("silent.txt", "Technical assistance needs\n\nKenya requested legal advice and more support for the State as a whole.\n");
    let out = d.tana(&["read", s(&silent)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cycle"));
}

#[test]
fn bad_documents_are_refused_with_their_reason() {
    let d = Dir::new();
    let fake = d.write("fake.docx", "this is not a zip");
    let german = d.write(
        "bericht.txt",
        "Zusammenfassung: Kenia\n\nDie Prüfung betraf die Kapitel III und IV des Übereinkommens. Der Staat benötigt Beratung bei der Gesetzgebung und Schulungen für die Ermittler.\n",
    );
    for (file, words) in [(&fake, "not a zip"), (&german, "language")] {
        let out = d.tana(&[
            "read",
            s(file),
            "--format",
            "csv",
            "--out",
            s(&d.path("out")),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", file.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(s(file)) && err.contains(words), "{err}");
        assert!(!d.path("out").exists(), "nothing is written");
    }
    // One bad file among good ones: nothing at all is written.
    let good = d.path("good.docx");
    write_docx(&good, &document(&kenya()));
    let out = d.tana(&[
        "read",
        s(&good),
        s(&fake),
        "--format",
        "json",
        "--out",
        s(&d.path("r.json")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!d.path("r.json").exists());
}

#[test]
fn pdf_text_layer_and_scanned_pdf() {
    if !pdf_tools() {
        return;
    }
    let d = Dir::new();
    let lines: Vec<String> = [
        "Executive summary: Kenya",
        "",
        "The review covered chapters III and IV of the Convention.",
        "",
        "Technical assistance needs",
        "",
        "Kenya requested legal advice and training (arts. 15 and 16).",
        "",
        "No technical assistance needs were identified under article 44.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let pdf = d.path("kenya.pdf");
    write_pdf(&pdf, &lines);
    let (state, cycle, _, (needs, _, _)) = read_back(&pdf);
    assert_eq!((state.as_str(), cycle), ("KEN", 1));
    let want: BTreeSet<(u16, String)> = [15, 16]
        .into_iter()
        .flat_map(|a| {
            [
                (a, "legislative_drafting".to_string()),
                (a, "capacity_building".to_string()),
            ]
        })
        .collect();
    assert_eq!(needs, want);
    // A page with no text at all, as a scan without OCR is.
    let scan = d.path("scan.pdf");
    write_pdf_objects(
        &scan,
        &[
            "<< /Type /Catalog /Pages 2 0 R >>".into(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".into(),
            "<< /Length 18 >>\nstream\n0 0 m 100 100 l S\nendstream".into(),
        ],
    );
    let out = d.tana(&[
        "read",
        s(&scan),
        "--format",
        "json",
        "--out",
        s(&d.path("r.json")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("scan.pdf") && err.contains("no text layer"),
        "{err}"
    );
    assert!(!d.path("r.json").exists(), "nothing is written");
}

/// The labelled corpus meets the issue's targets overall and for every
/// format and language: needs precision 0.95 and recall 0.90, challenges
/// and good practices 0.85 and 0.80 (the PDFs only where pdftotext runs).
#[test]
fn the_labelled_corpus_meets_the_targets_on_every_format_and_language() {
    let d = Dir::new();
    let out = d.ok(&[
        "read",
        "--evaluate",
        s(&crate::project("tests/data/reading")),
    ]);
    let mut groups = 0;
    for line in out.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        let (records, figures) = match w.as_slice() {
            ["all", rest @ ..] => (rest, &rest[rest.len() - 5..]),
            ["format" | "language", _, rest @ ..] => (rest, &rest[rest.len() - 5..]),
            _ => continue,
        };
        let (Ok(p), Ok(r)) = (figures[0].parse::<f64>(), figures[1].parse::<f64>()) else {
            continue;
        };
        let (min_p, min_r) = if records[0] == "needs" {
            (0.95, 0.90)
        } else {
            (0.85, 0.80)
        };
        assert!(p >= min_p && r >= min_r, "below the targets: {line}\n{out}");
        groups += 1;
    }
    let formats = if pdf_tools() { 2 } else { 1 };
    assert_eq!(groups, 3 * (1 + formats + 3), "{out}");
}

#[test]
fn distractors_are_not_needs() {
    let d = Dir::new();
    let paras = vec![
        Para::Heading(1, "Country review report of Mongolia".into()),
        Para::Text("Reviewing States: Kenya and Peru. The review covered chapters III and IV.".into()),
        Para::Heading(2, "Article 16. Bribery of foreign public officials".into()),
        Para::Heading(3, "(b) Observations on the implementation of the article".into()),
        Para::Text("Article 16 is not fully implemented and legal advice was given in 2012 under article 17 of the Criminal Code.".into()),
        Para::Heading(3, "(c) Challenges, where applicable".into()),
        Para::Text("Limited resources for the police.".into()),
        Para::Heading(3, "(d) Technical assistance needs".into()),
        Para::Text("Mongolia indicated that the following would help:".into()),
        Para::Item("model laws;".into()),
        Para::Item("training for investigators.".into()),
        Para::Text("Mongolia already receives on-site assistance from a partner for this article.".into()),
        Para::Heading(2, "Article 20. Illicit enrichment".into()),
        Para::Heading(3, "(d) Technical assistance needs".into()),
        Para::Text("Mongolia did not request further assistance, but asked for a case management system (art. 20, para. 1).".into()),
        Para::Heading(2, "Article 46. Mutual legal assistance".into()),
        Para::Heading(3, "(d) Technical assistance needs".into()),
        Para::Text("No technical assistance needs were identified.".into()),
        Para::Heading(3, "Successes and good practices".into()),
        Para::Text("The central authority answers requests within a month; this is a good practice.".into()),
    ];
    let doc = d.path("mongolia.docx");
    write_docx(&doc, &paras);
    let (state, cycle, _, (needs, challenges, practices)) = read_back(&doc);
    assert_eq!((state.as_str(), cycle), ("MNG", 1));
    let want: BTreeSet<(u16, String)> = [
        (16, "model_legislation"),
        (16, "capacity_building"),
        (20, "technological"),
    ]
    .into_iter()
    .map(|(a, t)| (a, t.to_string()))
    .collect();
    assert_eq!(needs, want);
    assert_eq!(
        challenges,
        [(16, "resources".to_string())].into_iter().collect()
    );
    assert_eq!(practices, [46].into_iter().collect());
}

#[test]
fn evaluate_measures_against_gold() {
    let d = Dir::new();
    let gold = d.path("gold");
    std::fs::create_dir(&gold).expect("folder");
    write_docx(&gold.join("ken.docx"), &document(&kenya()));
    // The gold says one need the document does not (a miss), and omits one it does (an extra).
    std::fs::write(
        gold.join("ken.gold.json"),
        r#"{"state":"KEN","cycle":1,"document":"executive_summary","language":"en",
            "needs":[{"article":16,"type":"legislative_drafting"},{"article":16,"type":"capacity_building"},
                     {"article":0,"type":"capacity_building"},{"article":21,"type":"model_legislation"}],
            "challenges":[{"article":16,"category":"resources"},{"article":44,"category":null}],
            "good_practices":[{"article":36}]}"#,
    )
    .expect("gold");
    let out = d.ok(&["read", "--evaluate", s(&gold)]);
    // 3 right of 4 said (46 other is extra), 3 of 4 gold found.
    let row = |words: &[&str]| {
        out.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == words)
    };
    assert!(
        row(&["all", "needs", "0.750", "0.750", "3", "1", "1"]),
        "{out}"
    );
    assert!(
        row(&["all", "challenges", "1.000", "1.000", "2", "0", "0"]),
        "{out}"
    );
    assert!(
        row(&["format", "docx", "needs", "0.750", "0.750", "3", "1", "1"]),
        "{out}"
    );
    assert!(
        out.contains("missed") && out.contains("21 model_legislation"),
        "{out}"
    );
    assert!(out.contains("extra") && out.contains("46 other"), "{out}");
}
