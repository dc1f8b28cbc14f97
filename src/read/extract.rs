//! Text from each format, as a list of blocks: headings, paragraphs, list
//! items and table rows, in the order a person reads them.
//!
//! DOCX and ODT are read natively (a zip of XML); HTML by a small tag
//! scanner; plain text by lines; PDF through its text layer, which the
//! system's `pdftotext` (poppler-utils, found on `PATH` or by
//! `TANA_PDFTOTEXT`) gives as plain text. Nothing here knows any words: it
//! keeps the shape, and [`super::structure`] decides what a block means.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::layout::Part;
use crate::error::{Error, Result};

/// What a block is, as the document's own markup says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading, with its level when the markup gives one (0 when not known).
    Heading(u8),
    Paragraph,
    ListItem,
    /// A row of a table, its cells joined by ` | `.
    TableRow,
}

/// One block of text, numbered from 1 in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    pub number: usize,
}

/// The formats the reader takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Docx,
    Odt,
    Pdf,
    Html,
    Text,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Text => "text",
        }
    }

    /// The format a file's name says, or its first bytes when the name does not.
    pub fn of(path: &Path, head: &[u8]) -> Option<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("docx") => Some(Format::Docx),
            Some("odt") => Some(Format::Odt),
            Some("pdf") => Some(Format::Pdf),
            Some("html" | "htm" | "xhtml") => Some(Format::Html),
            Some("txt" | "text" | "md") => Some(Format::Text),
            _ if head.starts_with(b"%PDF") => Some(Format::Pdf),
            _ if head.starts_with(b"PK") => Some(Format::Docx),
            _ if head.trim_ascii_start().starts_with(b"<") => Some(Format::Html),
            _ if std::str::from_utf8(head).is_ok() => Some(Format::Text),
            _ => None,
        }
    }
}

/// Reads a file into blocks. `name` is how errors name the file.
pub fn blocks(path: &Path, name: &str) -> Result<(Format, Vec<Block>)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let head = &bytes[..bytes.len().min(512)];
    let format = Format::of(path, head).ok_or_else(|| {
        Error::format(
            name,
            "not a document tana reads (DOCX, ODT, PDF, HTML or plain text)",
        )
    })?;
    let mut out = match format {
        Format::Docx => docx(&bytes, name)?,
        Format::Odt => odt(&bytes, name)?,
        Format::Pdf => pdf(path, &bytes, name)?,
        Format::Html => html(&utf8(&bytes, name)?),
        Format::Text => plain(&utf8(&bytes, name)?),
    };
    out.retain(|b| !b.text.is_empty());
    for (i, b) in out.iter_mut().enumerate() {
        b.number = i + 1;
    }
    Ok((format, out))
}

fn utf8(bytes: &[u8], name: &str) -> Result<String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        Error::format(
            name,
            format!("byte {}: not UTF-8 text", e.utf8_error().valid_up_to()),
        )
    })
}

/// Spaces as a reader sees them: one between words, none at the ends.
fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn block(kind: BlockKind, text: &str) -> Block {
    Block {
        kind,
        text: tidy(text),
        number: 0,
    }
}

fn zip_part(bytes: &[u8], part: &str, name: &str, what: &str) -> Result<Option<String>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Error::format(
            name,
            format!("not a {what} file: it is not a zip archive ({e})"),
        )
    })?;
    let Ok(mut file) = archive.by_name(part) else {
        return Ok(None);
    };
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|e| Error::format(name, format!("{part} cannot be read: {e}")))?;
    Ok(Some(text))
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.try_get_attribute(key).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

fn xml_error(name: &str, part: &str, e: &quick_xml::Error) -> Error {
    Error::format(name, format!("{part} is not well-formed XML: {e}"))
}

/// Text of an entity reference (`&amp;`, `&#233;`).
pub(super) fn entity(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match r.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}

/// DOCX style ids → whether the style is a heading (and its level) or a list.
fn docx_styles(xml: &str, name: &str) -> Result<std::collections::HashMap<String, BlockKind>> {
    let mut out = std::collections::HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut id: Option<String> = None;
    loop {
        match reader
            .read_event()
            .map_err(|e| xml_error(name, "word/styles.xml", &e))?
        {
            Event::Start(e) if e.name().as_ref() == "w:style" => id = attr(&e, "w:styleId"),
            Event::Empty(e) if e.name().as_ref() == "w:name" => {
                if let (Some(id), Some(v)) = (&id, attr(&e, "w:val")) {
                    if let Some(kind) = style_kind(&v) {
                        out.insert(id.clone(), kind);
                    }
                }
            }
            Event::Empty(e) if e.name().as_ref() == "w:outlineLvl" => {
                if let (Some(id), Some(v)) = (&id, attr(&e, "w:val")) {
                    let level = v.parse::<u8>().unwrap_or(0).saturating_add(1);
                    out.entry(id.clone()).or_insert(BlockKind::Heading(level));
                }
            }
            Event::End(e) if e.name().as_ref() == "w:style" => id = None,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// What a style's name says: `heading 2`, `Titre 1`, `Título 3`, `Title`,
/// `List Paragraph`, `List Bullet`.
fn style_kind(style: &str) -> Option<BlockKind> {
    let s = style.to_lowercase();
    let level = |rest: &str| rest.trim().parse::<u8>().ok();
    for prefix in ["heading", "titre", "título", "titulo", "encabezado"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            if let Some(l) = level(rest) {
                return Some(BlockKind::Heading(l));
            }
        }
    }
    if s == "title" || s == "titre" || s == "título" || s == "subtitle" {
        return Some(BlockKind::Heading(0));
    }
    if s.starts_with("list") || s.starts_with("liste") || s.starts_with("lista") {
        return Some(BlockKind::ListItem);
    }
    None
}

/// The paragraph being read, in DOCX or ODT.
#[derive(Default)]
struct Para {
    kind: Option<BlockKind>,
    text: String,
}

/// A table being read: its rows' cells.
#[derive(Default)]
struct Table {
    cells: Vec<String>,
    cell: String,
    depth: usize,
}

impl Table {
    /// A cell of the outermost table closes: its words join the row.
    fn end_cell(&mut self) {
        let cell = tidy(&std::mem::take(&mut self.cell));
        self.cells.push(cell);
    }

    /// A row of the outermost table closes: its cells with words, as one
    /// block, so that a row's article and its type of need are read together.
    fn end_row(&self, out: &mut Vec<Block>) {
        let row: Vec<&str> = self
            .cells
            .iter()
            .map(String::as_str)
            .filter(|c| !c.is_empty())
            .collect();
        out.push(block(BlockKind::TableRow, &row.join(" | ")));
    }
}

fn docx(bytes: &[u8], name: &str) -> Result<Vec<Block>> {
    let styles = match zip_part(bytes, "word/styles.xml", name, "DOCX")? {
        Some(xml) => docx_styles(&xml, name)?,
        None => Default::default(),
    };
    let xml = zip_part(bytes, "word/document.xml", name, "DOCX")?.ok_or_else(|| {
        Error::format(name, "not a DOCX file: the zip holds no word/document.xml")
    })?;
    let mut reader = Reader::from_str(&xml);
    let mut out = Vec::new();
    let mut para = Para::default();
    let mut table = Table::default();
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(name, "word/document.xml", &e))?;
        match event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:p" => para = Para::default(),
                "w:pStyle" => {
                    if let Some(kind) = attr(&e, "w:val").and_then(|v| {
                        styles.get(&v).copied().or_else(|| {
                            style_kind(&v.replace(['-', '_'], " "))
                                .or_else(|| style_kind(&split_camel(&v)))
                        })
                    }) {
                        para.kind = Some(kind);
                    }
                }
                "w:outlineLvl" => {
                    let level = attr(&e, "w:val").and_then(|v| v.parse::<u8>().ok());
                    if let Some(l) = level.filter(|l| *l < 9) {
                        para.kind = Some(BlockKind::Heading(l + 1));
                    }
                }
                "w:numPr" if para.kind.is_none() => para.kind = Some(BlockKind::ListItem),
                "w:t" => in_text = true,
                "w:ta" | "w:br" | "w:cr" => para.text.push(' '),
                "w:tbl" => {
                    table.depth += 1;
                }
                "w:tr" if table.depth == 1 => table.cells.clear(),
                "w:tc" if table.depth == 1 => table.cell.clear(),
                _ => {}
            },
            Event::Text(t) if in_text => para.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => para.text.push_str(&entity(&r)),
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" => {
                    let p = std::mem::take(&mut para);
                    if table.depth > 0 {
                        if !table.cell.is_empty() {
                            table.cell.push(' ');
                        }
                        table.cell.push_str(&p.text);
                    } else {
                        out.push(block(p.kind.unwrap_or(BlockKind::Paragraph), &p.text));
                    }
                }
                "w:tc" if table.depth == 1 => table.end_cell(),
                "w:tr" if table.depth == 1 => table.end_row(&mut out),
                "w:tbl" => table.depth = table.depth.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// `Heading2` → `Heading 2`, for style ids written without their names.
fn split_camel(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.char_indices() {
        if i > 0 && (c.is_ascii_digit() && !id[..i].ends_with(|p: char| p.is_ascii_digit())) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn odt(bytes: &[u8], name: &str) -> Result<Vec<Block>> {
    let xml = zip_part(bytes, "content.xml", name, "ODT")?
        .ok_or_else(|| Error::format(name, "not an ODT file: the zip holds no content.xml"))?;
    let mut reader = Reader::from_str(&xml);
    let mut out = Vec::new();
    let mut stack: Vec<Para> = Vec::new();
    let mut lists = 0usize;
    let mut table = Table::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(name, "content.xml", &e))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "text:h" => {
                    let level = attr(&e, "text:outline-level")
                        .and_then(|l| l.parse().ok())
                        .unwrap_or(1);
                    stack.push(Para {
                        kind: Some(BlockKind::Heading(level)),
                        text: String::new(),
                    });
                }
                "text:p" => stack.push(Para {
                    kind: Some(if lists > 0 {
                        BlockKind::ListItem
                    } else {
                        BlockKind::Paragraph
                    }),
                    text: String::new(),
                }),
                "text:list" => lists += 1,
                "table:table" => table.depth += 1,
                "table:table-row" if table.depth == 1 => table.cells.clear(),
                "table:table-cell" if table.depth == 1 => table.cell.clear(),
                _ => {}
            },
            Event::Empty(e) => {
                if let Some(p) = stack.last_mut() {
                    match e.name().as_ref() {
                        "text:s" => {
                            let n = attr(&e, "text:c")
                                .and_then(|c| c.parse().ok())
                                .unwrap_or(1usize);
                            p.text.push_str(&" ".repeat(n.min(8)));
                        }
                        "text:ta" | "text:line-break" => p.text.push(' '),
                        _ => {}
                    }
                }
            }
            Event::Text(t) => {
                if let Some(p) = stack.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(p) = stack.last_mut() {
                    p.text.push_str(&entity(&r));
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "text:h" | "text:p" => {
                    let p = stack.pop().unwrap_or_default();
                    if let Some(outer) = stack.last_mut() {
                        outer.text.push(' ');
                        outer.text.push_str(&p.text);
                    } else if table.depth > 0 {
                        table.cell.push(' ');
                        table.cell.push_str(&p.text);
                    } else {
                        out.push(block(p.kind.unwrap_or(BlockKind::Paragraph), &p.text));
                    }
                }
                "text:list" => lists = lists.saturating_sub(1),
                "table:table-cell" if table.depth == 1 => table.end_cell(),
                "table:table-row" if table.depth == 1 => table.end_row(&mut out),
                "table:table" => table.depth = table.depth.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The program that gives a PDF's text layer.
fn pdftotext() -> std::path::PathBuf {
    std::env::var_os("TANA_PDFTOTEXT").map_or_else(|| "pdftotext".into(), Into::into)
}

/// Whether the system can read PDFs (tests skip PDF cases when not).
pub fn reads_pdf() -> bool {
    std::process::Command::new(pdftotext())
        .arg("-v")
        .output()
        .is_ok()
}

fn pdf(path: &Path, bytes: &[u8], name: &str) -> Result<Vec<Block>> {
    if !bytes.starts_with(b"%PDF") {
        return Err(Error::format(
            name,
            "not a PDF file: it does not begin with %PDF",
        ));
    }
    let out = std::process::Command::new(pdftotext())
        .args(["-enc", "UTF-8", "-bbox-layout", "-q"])
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| {
            Error::Other(format!(
                "{name}: reading a PDF needs pdftotext (Debian package poppler-utils) on PATH, or TANA_PDFTOTEXT: {e}"
            ))
        })?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        let why = why
            .lines()
            .next()
            .unwrap_or("the file is damaged or encrypted");
        return Err(Error::format(
            name,
            format!("the PDF cannot be read: {why}"),
        ));
    }
    let parts = super::layout::parts(&String::from_utf8_lossy(&out.stdout))
        .map_err(|why| Error::format(name, why))?;
    let letters: usize = parts
        .iter()
        .map(|p| match p {
            Part::Line(t) | Part::Row(t) => t.chars().filter(|c| c.is_alphabetic()).count(),
            Part::Break => 0,
        })
        .sum();
    if letters < 40 {
        return Err(Error::format(
            name,
            "the PDF has no text layer (a scanned document?): tana reads a PDF's text, not its images; run it through OCR first",
        ));
    }
    Ok(paragraphs(&parts))
}

/// Characters that mark a list item (the last two are Word's Symbol-font bullets).
const BULLETS: [char; 14] = [
    '•', '◦', '▪', '·', '‣', '●', '○', '■', '-', '–', '—', '*', '\u{f0b7}', '\u{f0a7}',
];

/// A running header or footer of a printed document: a page number or a
/// document symbol (`CAC/COSP/IRG/I/2/1/Add.3`, `V.16-80000`), one word with digits.
fn running_header(line: &str) -> bool {
    !line.contains(char::is_whitespace)
        && line.chars().count() <= 40
        && line.chars().any(|c| c.is_ascii_digit())
        && line
            .chars()
            .all(|c| c.is_alphanumeric() || "/.-()".contains(c))
        && (line.chars().all(|c| c.is_ascii_digit()) || line.contains(['/', '.', '-']))
        && !line.ends_with(").")
}

/// A list item's marker at the start of a line: `•`, `-`, `(a)`, `a)`, `1.`, `i)`.
fn list_marker(line: &str) -> Option<&str> {
    let t = line.trim_start();
    for bullet in BULLETS {
        if let Some(rest) = t.strip_prefix(bullet) {
            if rest.starts_with(char::is_whitespace) {
                return Some(rest.trim_start());
            }
        }
    }
    // `(a)`, `(iv)`, `(1)`
    if let Some(rest) = t.strip_prefix('(') {
        if let Some(close) = rest.find(')') {
            let label = &rest[..close];
            if !label.is_empty()
                && label.len() <= 4
                && label.chars().all(|c| c.is_ascii_alphanumeric())
            {
                let after = &rest[close + 1..];
                if after.starts_with(char::is_whitespace) {
                    return Some(after.trim_start());
                }
            }
        }
    }
    // `a)`, `1)`
    let label: String = t.chars().take_while(char::is_ascii_alphanumeric).collect();
    if !label.is_empty() && label.len() <= 3 {
        let after = &t[label.len()..];
        if let Some(rest) = after.strip_prefix(')') {
            if rest.starts_with(char::is_whitespace) {
                return Some(rest.trim_start());
            }
        }
    }
    None
}

/// Whether a text ends inside an article reference (`art.`, `16`, `para. 1,`),
/// so that a `1)` or `(b)` on the next line goes on with it.
fn reference_open(text: &str) -> bool {
    let t = text.trim_end();
    let last = t.rsplit(' ').next().unwrap_or("");
    let word = last
        .trim_start_matches('(')
        .trim_end_matches('.')
        .to_lowercase();
    t.ends_with(|c: char| c.is_ascii_digit() || c == ',' || c == '(')
        || (last.ends_with('.') && super::text::ABBREVIATIONS.contains(&word.as_str()))
}

/// Whether a line ends a sentence or a lead-in.
fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end();
    if let Some(before) = t.strip_suffix('.') {
        let word: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        // `(art.` at the end of a line goes on with its number.
        return !super::text::ABBREVIATIONS.contains(&word.to_lowercase().as_str());
    }
    t.ends_with([':', ';', '!', '?'])
}

/// Plain text (and a PDF's text layer): a blank line ends a paragraph, so
/// does a line much shorter than the text's width (the last line of a
/// justified paragraph) and a line that is short and has no full stop (a
/// heading); a list marker starts an item; words split across lines are
/// joined.
pub fn plain(text: &str) -> Vec<Block> {
    let parts: Vec<Part> = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}'))
        .map(|l| {
            if l.is_empty() {
                Part::Break
            } else {
                Part::Line(l.to_string())
            }
        })
        .collect();
    paragraphs(&parts)
}

/// Lines (and a PDF's table rows) into blocks, by the rules of [`plain`].
fn paragraphs(parts: &[Part]) -> Vec<Block> {
    let lines: Vec<&str> = parts
        .iter()
        .map(|p| match p {
            Part::Line(l) => l.as_str(),
            _ => "",
        })
        .collect();
    let mut widths: Vec<usize> = lines
        .iter()
        .map(|l| l.chars().count())
        .filter(|&w| w > 0)
        .collect();
    widths.sort_unstable();
    let width = widths
        .get(widths.len() * 9 / 10)
        .copied()
        .unwrap_or(80)
        .max(40);
    let mut out = Vec::new();
    let mut current: Option<(BlockKind, String, usize)> = None;
    let flush = |current: &mut Option<(BlockKind, String, usize)>, out: &mut Vec<Block>| {
        if let Some((kind, text, lines)) = current.take() {
            let heading = kind == BlockKind::Paragraph
                && lines == 1
                && !ends_sentence(&text)
                && text.split_whitespace().count() <= 14;
            out.push(block(
                if heading { BlockKind::Heading(0) } else { kind },
                &text,
            ));
        }
    };
    // Bullets a PDF draws apart from their items (a line of `•` per item
    // before the items): each makes the next paragraph begun a list item.
    let mut bullets = 0usize;
    let mut running = false;
    for (part, line) in parts.iter().zip(&lines) {
        if let Part::Row(row) = part {
            flush(&mut current, &mut out);
            out.push(block(BlockKind::TableRow, row));
            continue;
        }
        if line.is_empty() {
            // A blank line beside a running header goes on with the paragraph the page broke.
            if !(running && current.as_ref().is_some_and(|c| !ends_sentence(&c.1))) {
                flush(&mut current, &mut out);
            }
            continue;
        }
        running = running_header(line);
        if running {
            continue;
        }
        if line
            .chars()
            .all(|c| BULLETS.contains(&c) || c.is_whitespace())
        {
            flush(&mut current, &mut out);
            bullets += line.chars().filter(|c| BULLETS.contains(c)).count();
            continue;
        }
        // `(a)` or `1)` after an unfinished line is the line going on (`art.\n16) …`).
        let bullet = line.starts_with(|c: char| !c.is_alphanumeric() && c != '(');
        let after_break = current
            .as_ref()
            .is_none_or(|c| ends_sentence(&c.1) || !reference_open(&c.1));
        let (mut kind, body) = match list_marker(line).filter(|_| bullet || after_break) {
            Some(rest) => (BlockKind::ListItem, rest),
            None => (BlockKind::Paragraph, *line),
        };
        if current.is_none() && bullets > 0 {
            bullets -= 1;
            kind = BlockKind::ListItem;
        }
        let short = line.chars().count() * 4 < width * 3;
        // A short unfinished line after a finished one is a heading, not more of the paragraph.
        let heading_after = kind == BlockKind::Paragraph
            && short
            && !ends_sentence(line)
            && !line.ends_with('-')
            && line.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '(')
            && current.as_ref().is_some_and(|c| ends_sentence(&c.1));
        if kind == BlockKind::ListItem || heading_after {
            flush(&mut current, &mut out);
        }
        match current.as_mut() {
            Some((_, text, n)) => {
                if text.ends_with('-') && body.starts_with(char::is_lowercase) {
                    // `capacity-\nbuilding`: a hyphenated word, kept whole.
                } else {
                    text.push(' ');
                }
                text.push_str(body);
                *n += 1;
            }
            None => current = Some((kind, body.to_string(), 1)),
        }
        let headingish = !ends_sentence(line)
            && !line.ends_with('-')
            && line.split_whitespace().count() <= 14
            && current.as_ref().is_some_and(|c| c.2 == 1)
            && kind == BlockKind::Paragraph;
        // Lines of a paragraph fill the width but its last; one much shorter ends it.
        let very_short = line.chars().count() * 20 < width * 13;
        if very_short || (short && (ends_sentence(line) || headingish)) {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    join_wrapped_headings(out)
}

/// A heading that wrapped (`2.4 Technical assistance needs identified to
/// improve` / `implementation of the Convention`) is one heading.
fn join_wrapped_headings(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        if let Some(last) = out.last_mut() {
            let goes_on = b.kind != BlockKind::ListItem
                && b.text.starts_with(char::is_lowercase)
                && !ends_sentence(&b.text)
                && b.text.split_whitespace().count() <= 10;
            if matches!(last.kind, BlockKind::Heading(_)) && goes_on {
                last.text.push(' ');
                last.text.push_str(&b.text);
                continue;
            }
        }
        out.push(b);
    }
    out
}

/// HTML: headings, paragraphs, list items and table rows; scripts, styles and
/// comments left out; entities decoded.
pub fn html(source: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut kind = BlockKind::Paragraph;
    let mut cells: Option<Vec<String>> = None;
    let mut rest = source;
    let mut skip_until: Option<&'static str> = None;
    let flush = |text: &mut String,
                 kind: BlockKind,
                 cells: &mut Option<Vec<String>>,
                 out: &mut Vec<Block>| {
        let t = decode_entities(&std::mem::take(text));
        if let Some(cells) = cells.as_mut() {
            if !t.trim().is_empty() {
                cells.push(tidy(&t));
            }
        } else if !t.trim().is_empty() {
            out.push(block(kind, &t));
        }
    };
    while let Some(lt) = rest.find('<') {
        if skip_until.is_none() {
            text.push_str(&rest[..lt]);
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(until) = skip_until {
            if closing && name == until {
                skip_until = None;
            }
            continue;
        }
        match name.as_str() {
            "script" | "style" | "head" if !closing => {
                skip_until = Some(match name.as_str() {
                    "script" => "script",
                    "style" => "style",
                    _ => "head",
                });
                text.clear();
            }
            "br" => text.push(' '),
            "td" | "th" => flush(&mut text, kind, &mut cells, &mut out),
            "tr" => {
                flush(&mut text, kind, &mut cells, &mut out);
                if closing {
                    if let Some(c) = cells.take() {
                        if !c.is_empty() {
                            out.push(block(BlockKind::TableRow, &c.join(" | ")));
                        }
                    }
                } else {
                    cells = Some(Vec::new());
                }
            }
            "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "title" | "ul"
            | "ol" | "table" | "section" | "article" | "blockquote" | "dt" | "dd" | "header"
            | "footer" | "main" | "body" => {
                flush(&mut text, kind, &mut cells, &mut out);
                kind = if closing {
                    BlockKind::Paragraph
                } else {
                    match name.as_str() {
                        "li" => BlockKind::ListItem,
                        "title" => BlockKind::Heading(0),
                        h if h.len() == 2 && h.starts_with('h') => {
                            BlockKind::Heading(h[1..].parse().unwrap_or(0))
                        }
                        _ => BlockKind::Paragraph,
                    }
                };
            }
            _ => {}
        }
    }
    if skip_until.is_none() {
        text.push_str(rest);
    }
    flush(&mut text, kind, &mut cells, &mut out);
    out
}

/// `&amp;`, `&eacute;`, `&#233;`, `&#xE9;`: the entities documents use.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let Some(end) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
        {
            u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
        } else if let Some(num) = name.strip_prefix('#') {
            num.parse().ok().and_then(char::from_u32)
        } else {
            named_entity(name)
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" | "rsquo" | "lsquo" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "laquo" => '«',
        "raquo" => '»',
        "ldquo" | "rdquo" => '"',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "agrave" => 'à',
        "acirc" => 'â',
        "aacute" => 'á',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "ocirc" => 'ô',
        "icirc" => 'î',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "iuml" => 'ï',
        "euml" => 'ë',
        "Eacute" => 'É',
        "Aacute" => 'Á',
        "Oacute" => 'Ó',
        "bull" => '•',
        "hellip" => '…',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_paragraphs_items_and_split_words() {
        let b = plain(
            "Technical assistance needs\n\nKenya requested support for its investigators and prosecutors, notably capacity-\nbuilding on the laundering of proceeds of crime and on bribery (art.\n16) and more help for the State, in particular for its financial intelligence unit and its police.\n• Legal advice\n• Training\n",
        );
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts[0], "Technical assistance needs");
        assert_eq!(b[0].kind, BlockKind::Heading(0));
        assert_eq!(
            texts[1],
            "Kenya requested support for its investigators and prosecutors, notably capacity-building on the laundering of proceeds of crime and on bribery (art. 16) and more help for the State, in particular for its financial intelligence unit and its police."
        );
        assert_eq!(b[2].kind, BlockKind::ListItem);
        assert_eq!(texts[2], "Legal advice");
    }

    #[test]
    fn html_blocks_and_entities() {
        let b = html(
            "<html><head><title>x</title></head><body><h2>Besoins d&#39;assistance</h2><p>L&rsquo;article&nbsp;16</p><ul><li>A</li></ul><table><tr><td>16</td><td>Training</td></tr></table><script>no</script></body></html>",
        );
        let texts: Vec<(BlockKind, &str)> = b.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (BlockKind::Heading(2), "Besoins d'assistance"),
                (BlockKind::Paragraph, "L'article 16"),
                (BlockKind::ListItem, "A"),
                (BlockKind::TableRow, "16 | Training"),
            ]
        );
    }
}
