//! Reading benchmark: `cargo bench --bench read`.
//!
//! Writes a 40-page country report (a section per article of cycle 1, each
//! with observations, challenges and needs, about 20,000 words) as DOCX and
//! as a PDF with a text layer, then times `tana::read::read` on each: the
//! targets are 100 ms for the DOCX and 1 s for the PDF. The PDF is skipped
//! when pdftotext is not installed.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use tana::read::{Given, read, vocab::Vocabulary};
use tana::reference::Reference;

/// The paragraphs of the report: (heading level or 0, text).
fn report() -> Vec<(u8, String)> {
    let mut out = vec![(1, "Country review report of Kenya".to_string())];
    out.push((0, "Review by Peru and Viet Nam of the implementation by Kenya of chapters III and IV of the Convention.".into()));
    let filler = "The reviewers examined the legislation, the case law and the statistics provided, and held meetings with the authorities concerned, who described the procedures followed in practice and the cases brought before the courts in recent years.";
    for article in 15..=50 {
        out.push((2, format!("Article {article}. Title of the article")));
        out.push((
            3,
            "(b) Observations on the implementation of the article".into(),
        ));
        for _ in 0..9 {
            out.push((0, format!("{filler} Article {article} is implemented in part; see paragraph 2 of article {article} and article 12 of the Criminal Code. {filler}")));
        }
        out.push((3, "(c) Challenges, where applicable".into()));
        out.push((
            0,
            "Limited resources and weak inter-agency coordination.".into(),
        ));
        out.push((3, "(d) Technical assistance needs".into()));
        out.push((0, "Kenya indicated that the following would help:".into()));
        out.push((0, "• legal advice and model laws;".into()));
        out.push((
            0,
            format!("• training for investigators (art. {article}, para. 1)."),
        ));
    }
    out
}

fn write_docx(path: &Path, paras: &[(u8, String)]) {
    let mut body = String::new();
    for (level, text) in paras {
        let style = if *level > 0 {
            format!("<w:pPr><w:pStyle w:val=\"Heading{level}\"/></w:pPr>")
        } else {
            String::new()
        };
        body.push_str(&format!(
            "<w:p>{style}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"
        ));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).expect("entry");
    zip.write_all(document.as_bytes()).expect("write");
    zip.finish().expect("finish");
}

/// A PDF of 40 pages, one text line per row, written by hand.
fn write_pdf(path: &Path, paras: &[(u8, String)]) {
    let mut lines = Vec::new();
    for (_, text) in paras {
        let mut line = String::new();
        for word in text.split(' ') {
            if line.len() + word.len() > 90 {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    let per_page = lines.len().div_ceil(40);
    let pages: Vec<&[String]> = lines.chunks(per_page).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        String::new(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    let mut kids = Vec::new();
    for page in &pages {
        let mut content = String::from("BT /F1 9 Tf 11 TL 40 800 Td\n");
        for l in *page {
            let t = l
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!("({t}) Tj T*\n"));
        }
        content.push_str("ET\n");
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
        let contents = objects.len();
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
        ));
        kids.push(format!("{} 0 R", objects.len()));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    );
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
    std::fs::write(path, pdf).expect("write");
}

fn timed(runs: usize, mut f: impl FnMut() -> usize) -> (f64, f64, usize) {
    let mut found = 0;
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            found = f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    (t[t.len() / 2], t[t.len() - 1], found)
}

fn main() {
    let dir = tempfile::tempdir().expect("a folder");
    let paras = report();
    let words: usize = paras
        .iter()
        .map(|(_, t)| t.split_whitespace().count())
        .sum();
    let reference = Reference::uncac();
    let vocab = Vocabulary::embedded();
    let docx = dir.path().join("report.docx");
    write_docx(&docx, &paras);
    println!(
        "document: {} paragraphs, {words} words (about 40 pages)",
        paras.len()
    );
    println!(
        "{:<6} {:>10} {:>10} {:>8}",
        "format", "median ms", "max ms", "records"
    );
    let (median, max, found) = timed(10, || {
        read(&docx, &Given::default(), &reference, vocab)
            .expect("reads")
            .found
            .len()
    });
    println!("{:<6} {median:>10.1} {max:>10.1} {found:>8}", "docx");
    if tana::read::extract::reads_pdf() {
        let pdf = dir.path().join("report.pdf");
        write_pdf(&pdf, &paras);
        let (median, max, found) = timed(5, || {
            read(&pdf, &Given::default(), &reference, vocab)
                .expect("reads")
                .found
                .len()
        });
        println!("{:<6} {median:>10.1} {max:>10.1} {found:>8}", "pdf");
    } else {
        println!("pdf    skipped: pdftotext (poppler-utils) is not installed");
    }
}
