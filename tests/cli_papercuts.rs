//! Faults a new user met on the command line, run through the real binary:
//! the CSV export's header, a closed stdout (`| head -1`), `import gdelt` on
//! a file with no valid row, and a missing dictionary path.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const DYAD: &str = env!("CARGO_BIN_EXE_dyad");

/// A fresh directory under the temp dir for one test.
fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-papercuts-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Run `dyad ARGS` to completion (no `DYAD_DB` from the environment).
fn dyad(args: &[&str]) -> Output {
    Command::new(DYAD).args(args).env_remove("DYAD_DB").output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A GDELT 2.0 event row (61 tab-separated columns): event `id` on day
/// `2023-01-01 + id % 28`, USA→CHN, code 042, QuadClass 1, Goldstein 1.9.
fn gdelt_row(id: u32) -> String {
    let mut c = vec![String::new(); 61];
    c[0] = id.to_string();
    c[1] = format!("202301{:02}", id % 28 + 1);
    (c[5], c[7], c[15], c[17]) = ("USA".into(), "USA".into(), "CHN".into(), "CHN".into());
    (c[25], c[26], c[27], c[28]) = ("1".into(), "042".into(), "042".into(), "04".into());
    (c[29], c[30], c[31], c[32], c[33]) = ("1".into(), "1.9".into(), "3".into(), "1".into(), "2".into());
    c.join("\t")
}

/// Write `rows` GDELT rows (ids 1..=rows) to `path`.
fn write_gdelt(path: &Path, rows: u32) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for id in 1..=rows {
        writeln!(f, "{}", gdelt_row(id)).unwrap();
    }
    f.flush().unwrap();
}

/// `dyad export --format csv`: one header row (the documented columns), one
/// row per event; with no events, the header alone.
#[test]
fn csv_export_writes_one_header() {
    let dir = tmp("csv");
    let db = dir.join("t.db");
    let text = dir.join("news.txt");
    std::fs::write(&text, "Russia attacked Ukraine on Monday. China praised Russia.\n").unwrap();
    let o = dyad(&["ingest", "--db", db.to_str().unwrap(), "--date", "2022-03-07", text.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    // The number of stored events, from the JSONL export.
    let jsonl = dyad(&["export", "--db", db.to_str().unwrap(), "--format", "jsonl"]);
    assert!(jsonl.status.success(), "{}", stderr(&jsonl));
    let events: Vec<serde_json::Value> =
        String::from_utf8(jsonl.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(events.len(), 2, "{events:?}");

    // `dyad code`'s field set (spans flattened), then the event table's columns (issue 15)
    let header = "event_id,doc_id,date,field,sentence_index,source,source_country,source_agent,source_text,\
                  target,target_country,target_agent,target_text,code,root_code,quad_class,goldstein,plover_type,\
                  plover_mode,plover_context,modality,compound_id,verb_text,spans.sentence.start,\
                  spans.sentence.end,spans.source.start,spans.source.end,spans.verb.start,spans.verb.end,\
                  spans.target.start,spans.target.end,rule,dict_version,url,title,doc_source,sentence,origin,\
                  event_key,source_name,source_orig,target_name,target_orig,is_root,num_mentions,num_sources,\
                  num_articles,avg_tone,geo_fullname,geo_country,geo_lat,geo_long,date_added,source_url";
    let out = dir.join("x.csv");
    let o = dyad(&["export", "--db", db.to_str().unwrap(), "--format", "csv", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("exported 2 events"), "{}", stderr(&o));
    let csv_text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = csv_text.lines().collect();
    assert_eq!(lines.len(), events.len() + 1, "{csv_text}");
    assert_eq!(lines[0], header);
    assert_eq!(lines.iter().filter(|l| **l == header).count(), 1);

    // Parsed as CSV: the header, then the events in export order.
    let mut r = csv::Reader::from_path(&out).unwrap();
    let cols: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(cols.join(","), header);
    let at = |name: &str| cols.iter().position(|c| c == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let mut got: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[at("date")].to_string(),
                r[at("source")].to_string(),
                r[at("target")].to_string(),
                r[at("code")].to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(got[0].0, "2022-03-07");
    assert!(got.iter().any(|g| g.1 == "RUS" && g.2 == "UKR" && g.3 == "190"), "{got:?}");
    assert!(got.iter().any(|g| g.1 == "CHN" && g.2 == "RUS" && g.3 == "051"), "{got:?}");
    for (row, ev) in rows.iter().zip(&events) {
        assert_eq!(&row[at("event_key")], ev["event_key"].as_str().unwrap());
    }

    // No matching event: exactly the header line.
    let o = dyad(&["export", "--db", db.to_str().unwrap(), "--format", "csv", "--origin", "gdelt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), format!("{header}\n"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Start `dyad ARGS` with stdout piped, read its first line, close the pipe,
/// and return (first line, exit code, stderr).
fn first_line_then_close(args: &[&str]) -> (String, Option<i32>, String) {
    let mut child = Command::new(DYAD)
        .args(args)
        .env_remove("DYAD_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    {
        let mut r = BufReader::new(child.stdout.take().unwrap());
        r.read_line(&mut first).unwrap();
    } // the read end closes here; later writes fail with EPIPE
    let o = child.wait_with_output().unwrap();
    (first, o.status.code(), stderr(&o))
}

/// `dyad export … | head -1` and `dyad query events … | head -1`: the command
/// stops quietly with status 0, as `dyad code` does. The outputs are far
/// larger than a pipe's buffer (64 KiB) plus the writers' buffers, so each
/// command must still be writing when the pipe closes.
#[test]
fn closed_stdout_is_quiet() {
    let dir = tmp("pipe");
    let db = dir.join("t.db");
    let file = dir.join("events.CSV");
    write_gdelt(&file, 6000);
    let o = dyad(&["import", "gdelt", "--db", db.to_str().unwrap(), file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let db = db.to_str().unwrap();

    // The full outputs are large: the pipe must close mid-write.
    let full = dyad(&["export", "--db", db, "--format", "csv"]);
    assert_eq!(full.stdout.iter().filter(|b| **b == b'\n').count(), 6001);
    assert!(full.stdout.len() > 400_000, "{}", full.stdout.len());
    let full = dyad(&["query", "events", "--db", db, "--origin", "gdelt", "--limit", "6000"]);
    assert_eq!(full.stdout.iter().filter(|b| **b == b'\n').count(), 6000);
    assert!(full.stdout.len() > 300_000, "{}", full.stdout.len());

    let cases: [(&[&str], &str); 5] = [
        (&["export", "--db", db], "{\"event_id\":\"28\",\"doc_id\":\"\",\"date\":\"2023-01-01\","),
        (&["export", "--db", db, "--format", "csv"], "event_id,doc_id,date,"),
        (&["export", "--db", db, "--format", "gdelt"], "28\t20230101\t"),
        (&["query", "events", "--db", db, "--origin", "gdelt", "--limit", "6000"], "2023-01-01\tUSA\t042\tCHN\t"),
        (&["query", "events", "--db", db, "--origin", "gdelt", "--limit", "6000", "--json"], "{\"code\":\"042\""),
    ];
    for (args, start) in cases {
        let (first, code, err) = first_line_then_close(args);
        assert!(first.starts_with(start), "{args:?}: first line {first:?}");
        assert_eq!(code, Some(0), "{args:?}: stderr {err}");
        assert_eq!(err, "", "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `dyad import gdelt` on files with no valid row exits 1 naming the file and
/// its malformed count; a file with some good rows still exits 0.
#[test]
fn import_with_no_valid_rows_fails() {
    let dir = tmp("import");
    let db = dir.join("t.db");
    let dbs = db.to_str().unwrap();
    let text = dir.join("notes.txt");
    std::fs::write(&text, "This is not GDELT.\nNor is this.\n\nOr this.\n").unwrap();
    let o = dyad(&["import", "gdelt", "--db", dbs, text.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{}: no rows loaded (4 malformed)", text.display())), "{err}");
    assert_eq!(err.matches("dyad: malformed row: ").count(), 4, "{err}");

    // A Mentions-style file (16 columns) is all malformed as well.
    let mentions = dir.join("20230101.mentions.CSV");
    let row = ["1", "20230101000000", "20230101000000", "1", "example.org", "https://example.org/a"];
    let mut line = row.join("\t");
    line.push_str(&"\t0".repeat(10));
    std::fs::write(&mentions, format!("{line}\n{line}\n")).unwrap();
    let o = dyad(&["import", "gdelt", "--quiet", "--db", dbs, mentions.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("{}: no rows loaded (2 malformed)", mentions.display())), "{}", stderr(&o));

    // An empty file loads nothing either.
    let empty = dir.join("empty.CSV");
    std::fs::write(&empty, "").unwrap();
    let o = dyad(&["import", "gdelt", "--db", dbs, empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("{}: no rows loaded (the file is empty)", empty.display())));

    // Two good rows and one bad: loaded, exit 0, the bad row reported.
    let mixed = dir.join("mixed.CSV");
    std::fs::write(&mixed, format!("{}\nnot a row\n{}\n", gdelt_row(7), gdelt_row(8))).unwrap();
    let o = dyad(&["import", "gdelt", "--db", dbs, mixed.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("3 lines, 2 rows loaded, 1 malformed"), "{err}");
    assert!(!err.contains("no rows loaded"), "{err}");
    assert!(err.contains(&format!("{}:2:", mixed.display())), "{err}");

    // A good file next to an all-bad one: the good rows load, the exit is 1.
    let o = dyad(&["import", "gdelt", "--quiet", "--db", dbs, mixed.to_str().unwrap(), text.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("store holds 2 GDELT events"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `dyad dict check /nonexistent`: the OS error is said once, with the path.
#[test]
fn missing_dictionary_error_said_once() {
    let o = dyad(&["dict", "check", "/nonexistent/dyad-dict"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("(os error 2)").count(), 1, "{err}");
    assert_eq!(
        err.trim_end(),
        "dyad: error: cannot load dictionaries: cannot read dictionary /nonexistent/dyad-dict: \
         No such file or directory (os error 2)"
    );
}

/// Issue 15's papercuts: `ingest` of inputs that cannot be opened creates
/// no store; `query dyad` reads names and any case; `query events` on a
/// GDELT-only store says to add `--origin gdelt`; a `--date-column` the
/// CSV header lacks is an error naming the columns.
#[test]
fn issue15_query_names_missing_inputs_and_columns() {
    let d = tmp("issue15");
    let db = d.join("s.db");
    let dbs = db.to_str().unwrap();
    let missing = d.join("missing.txt");
    let o = dyad(&["ingest", "--db", dbs, missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot open"), "{}", stderr(&o));
    assert!(!db.exists(), "no store created");

    let txt = d.join("a.txt");
    std::fs::write(&txt, "Russia attacked the United States on Monday.").unwrap();
    let o = dyad(&["ingest", "--db", dbs, "--date", "2023-01-02", "--quiet", txt.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (a, b) in [("USA", "RUS"), ("usa", "rus"), ("United States", "Russia"), ("american", "Russian")] {
        let o = dyad(&["query", "dyad", a, b, "--db", dbs]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("190×1"), "{a} {b}: {out}\n{}", stderr(&o));
    }
    let o = dyad(&["query", "dyad", "United States", "Russia", "--db", dbs]);
    assert!(stderr(&o).contains("\"United States\" read as USA"), "{}", stderr(&o));

    let g = d.join("g.db");
    let rows = d.join("rows.CSV");
    std::fs::write(&rows, format!("{}\n{}\n", gdelt_row(1), gdelt_row(2))).unwrap();
    let o = dyad(&["import", "gdelt", "--db", g.to_str().unwrap(), rows.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = dyad(&["query", "events", "--db", g.to_str().unwrap()]);
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("the store holds 2 GDELT events and no dyad ones; add --origin gdelt"),
        "{}",
        stderr(&o)
    );

    let csv = d.join("docs.csv");
    std::fs::write(&csv, "id,text,day\n1,Russia attacked Ukraine.,2022-02-24\n").unwrap();
    let o = dyad(&["code", "--date-column", "date_published", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("CSV header has no `date_published` column for --date-column (columns: id,text,day)"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&d);
}

/// Binary inputs by magic bytes (issue 15): a PDF or a .docx is refused with
/// "unsupported format (…); convert to text" and exit 1 (the other inputs
/// still coded); a zip of text and JSONL is read entry by entry.
#[test]
fn binary_inputs_refused_archives_read() {
    use std::io::Write;
    let d = tmp("binary");
    let pdf = d.join("story.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n").unwrap();
    let zip_with = |name: &str, entries: &[(&str, &str)]| {
        let p = d.join(name);
        let mut z = dyad_store::zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
        let o = dyad_store::zip::write::SimpleFileOptions::default();
        for (n, body) in entries {
            z.start_file(*n, o).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
        p
    };
    let docx = zip_with("letter.docx", &[("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")]);
    let archive = zip_with(
        "news.zip",
        &[
            ("a.txt", "Russia attacked Ukraine on Monday."),
            ("b.jsonl", "{\"id\": \"b1\", \"text\": \"China accused Japan of provocation.\"}\n"),
        ],
    );
    let o = dyad(&["code", pdf.to_str().unwrap(), docx.to_str().unwrap(), archive.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("story.pdf: unsupported format (PDF); convert to text"), "{err}");
    assert!(err.contains("letter.docx: unsupported format (Word .docx document); convert to text"), "{err}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("news.zip:a.txt") && out.contains("\"doc_id\":\"b1\""), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
    let _ = std::fs::remove_dir_all(&d);
}

/// `export --level events|mentions` (issue 15): both in `dyad code`'s field
/// set; events deduplicated with counts, mentions one per document report.
#[test]
fn export_levels_share_the_code_field_set() {
    let d = tmp("levels");
    let db = d.join("s.db");
    let input = d.join("docs.jsonl");
    std::fs::write(
        &input,
        "{\"id\": \"a\", \"date\": \"2022-03-07\", \"source\": \"TASS\", \"text\": \"Russia attacked Ukraine.\"}\n\
         {\"id\": \"b\", \"date\": \"2022-03-07\", \"source\": \"AP\", \"text\": \"Calm. Russia attacked Ukraine.\"}\n",
    )
    .unwrap();
    let dbs = db.to_str().unwrap();
    assert!(dyad(&["ingest", "--db", dbs, "--quiet", input.to_str().unwrap()]).status.success());
    let lines = |args: &[&str]| -> Vec<serde_json::Value> {
        let o = dyad(args);
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let code = lines(&["code", input.to_str().unwrap()]);
    let events = lines(&["export", "--db", dbs]);
    let mentions = lines(&["export", "--db", dbs, "--level", "mentions"]);
    assert_eq!((code.len(), events.len(), mentions.len()), (2, 1, 2));
    assert_eq!((events[0]["num_mentions"].as_i64(), events[0]["num_sources"].as_i64()), (Some(2), Some(2)));
    assert_eq!(events[0]["is_root"].as_i64(), Some(1));
    assert_eq!(events[0]["doc_id"], "a");
    assert_eq!(events[0]["sentence"], "Russia attacked Ukraine.");
    // every key `dyad code` writes is in both levels, with the same value for a mention
    for (c, m) in code.iter().zip(&mentions) {
        for (k, v) in c.as_object().unwrap() {
            assert_eq!(&m[k], v, "key {k}");
            assert!(events[0].get(k).is_some(), "key {k} missing at the events level");
        }
        assert_eq!(m["event_key"], events[0]["event_key"]);
    }
    assert_eq!(mentions[1]["sentence"], "Russia attacked Ukraine.");
    let o = dyad(&["export", "--db", dbs, "--level", "mentions", "--format", "gdelt"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&d);
}
