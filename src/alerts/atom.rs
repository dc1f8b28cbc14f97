//! Entries as an Atom feed (RFC 4287), written with quick-xml: every text
//! and attribute goes through its escaping, and characters XML 1.0 cannot
//! hold (control characters a file may have carried) are left out.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Written, rfc3339};

/// What the feed says of itself.
pub(crate) struct Head<'a> {
    /// A tag URI naming the feed (its query included).
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    /// The feed's own address, and the page it follows, absolute.
    pub(crate) self_url: &'a str,
    pub(crate) page_url: &'a str,
    /// Seconds since 1970: the newest entry's change, or the records' last.
    pub(crate) updated: i64,
}

/// The text without the characters XML 1.0 does not allow.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

/// The feed of `entries`, whose paths are made absolute on `base`
/// (`https://portal.example`).
pub(crate) fn feed(head: &Head<'_>, base: &str, entries: &[Written]) -> Vec<u8> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    // Writing to memory cannot fail.
    let _ = write(&mut w, head, base, entries);
    w.into_inner()
}

fn text<W: std::io::Write>(w: &mut Writer<W>, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&clean(value)))?;
    Ok(())
}

fn link<W: std::io::Write>(w: &mut Writer<W>, rel: &str, href: &str) -> std::io::Result<()> {
    w.create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("href", clean(href).as_str()))
        .write_empty()?;
    Ok(())
}

fn write(
    w: &mut Writer<Vec<u8>>,
    head: &Head<'_>,
    base: &str,
    entries: &[Written],
) -> std::io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.create_element("feed")
        .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
        .write_inner_content(|w| {
            text(w, "id", head.id)?;
            text(w, "title", head.title)?;
            text(w, "updated", &rfc3339(head.updated))?;
            link(w, "self", head.self_url)?;
            link(w, "alternate", head.page_url)?;
            w.create_element("author")
                .write_inner_content(|w| text(w, "name", "tana"))?;
            text(w, "generator", "tana")?;
            for e in entries {
                w.create_element("entry").write_inner_content(|w| {
                    text(w, "id", &e.id)?;
                    text(w, "title", &e.title)?;
                    text(w, "updated", &rfc3339(e.updated.unwrap_or(head.updated)))?;
                    link(w, "alternate", &format!("{base}{}", e.path))?;
                    w.create_element("category")
                        .with_attribute(("term", e.kind))
                        .write_empty()?;
                    w.create_element("content")
                        .with_attribute(("type", "text"))
                        .write_text_content(BytesText::new(&clean(&e.content)))?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// The texts of a feed's elements, read back, each under its element's
/// name, in order (an element's text follows its name even when empty):
/// what a feed reader shows. The tests read feeds with it.
pub fn read_back(xml: &str) -> Result<Vec<(String, String)>, String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut texts: Vec<(String, String)> = Vec::new();
    // The open elements, as their places in `texts`.
    let mut open: Vec<usize> = Vec::new();
    loop {
        let piece = match r.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                open.push(texts.len());
                texts.push((e.name().as_ref().to_string(), String::new()));
                continue;
            }
            Event::Empty(e) => {
                texts.push((e.name().as_ref().to_string(), String::new()));
                continue;
            }
            Event::End(_) => {
                open.pop();
                continue;
            }
            Event::Text(t) => t.xml10_content().into_owned(),
            Event::GeneralRef(g) => match g.resolve_char_ref().map_err(|e| e.to_string())? {
                Some(c) => c.to_string(),
                None => {
                    let name = g.xml10_content().into_owned();
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("&{name}; is no entity"))?
                        .to_string()
                }
            },
            Event::Eof => break,
            _ => continue,
        };
        if let Some(&i) = open.last() {
            texts[i].1.push_str(&piece);
        }
    }
    if !open.is_empty() {
        return Err("an element is not closed".into());
    }
    Ok(texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_escaped_and_control_characters_left_out() {
        let head = Head {
            id: "tag:tana,2024:feed/needs?a=1&b=<2>",
            title: "Needs & more",
            self_url: "http://x/feeds/needs.atom?a=1&b=2",
            page_url: "http://x/needs?a=1&b=2",
            updated: 0,
        };
        let words = "Words & <script>alert(1)</script>]]> \"quoted\"";
        let e = Written {
            id: "tag:tana,2024:need/VNM/1/16/x".into(),
            name: "VNM/1/16/x".into(),
            updated: None,
            title: "A title".into(),
            content: format!("{words}\u{1}"),
            path: "/states/VNM".into(),
            kind: "need",
        };
        let xml = String::from_utf8(feed(&head, "http://x", &[e])).unwrap();
        assert!(!xml.contains("<script>") && !xml.contains('\u{1}'), "{xml}");
        let texts = read_back(&xml).unwrap();
        assert!(
            texts.contains(&("content".into(), words.into())),
            "{texts:?}"
        );
        assert!(texts.contains(&("id".into(), head.id.into())), "{texts:?}");
    }
}
