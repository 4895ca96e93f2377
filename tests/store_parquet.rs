//! Parquet export read back by an independent reader (pyarrow, installed by
//! `.ci/run` into `target/pyenv`; `$DYAD_PYTHON` overrides). Counts and
//! values must match the store. Skips with a reason when pyarrow is absent.

use dyad_store::{EventFilter, Store, StoredEvent};
use std::path::{Path, PathBuf};
use std::process::Command;

fn python() -> Option<PathBuf> {
    let p = match std::env::var_os("DYAD_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pyenv/bin/python"),
    };
    if !p.exists() {
        dyad_core::testskip::skip(
            "store_parquet",
            &format!("no Python venv at {} (.ci/run creates it with pyarrow)", p.display()),
        );
        return None;
    }
    let ok = Command::new(&p).args(["-c", "import pyarrow.dataset"]).output().map(|o| o.status.success());
    if !matches!(ok, Ok(true)) {
        dyad_core::testskip::skip("store_parquet", &format!("pyarrow is not importable with {}", p.display()));
        return None;
    }
    Some(p)
}

const READER: &str = r#"
import json, sys
import pyarrow.dataset as ds
t = ds.dataset(sys.argv[1], format="parquet", partitioning="hive").to_table()
cols = {n: t.column(n).to_pylist() for n in t.column_names}
rows = []
for i in range(t.num_rows):
    r = {}
    for n, v in cols.items():
        x = v[i]
        r[n] = x.isoformat() if hasattr(x, "isoformat") else x
    rows.append(r)
print(json.dumps({"num_rows": t.num_rows, "columns": t.column_names, "rows": rows}))
"#;

#[test]
fn pyarrow_reads_the_parquet_export() {
    let Some(py) = python() else { return };
    let dir = std::env::temp_dir().join(format!("dyad-store-parquet-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open(&dir.join("s.db")).unwrap();
    let run = store.begin_run(&Default::default()).unwrap();
    // GDELT rows (the real sample when present, else two made-up rows) and dyad events.
    let gd = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/gdelt_events_sample/20191024143000.export.CSV");
    if gd.exists() {
        dyad_store::gdelt::import_file(&mut store, &gd, run, 1000, &mut |_| {}).unwrap();
    } else {
        println!("note: {} absent; using made-up GDELT rows", gd.display());
        let mut rows = String::new();
        for (id, date) in [("7", "20190101"), ("8", "20190205")] {
            let mut c = vec![""; 61];
            (c[0], c[1], c[5], c[7], c[26], c[28], c[29], c[30]) = (id, date, "USA", "USA", "042", "04", "1", "1.9");
            (c[25], c[31], c[32], c[33], c[59]) = ("1", "2", "1", "2", "20190101000000");
            rows.push_str(&c.join("\t"));
            rows.push('\n');
        }
        let p = dir.join("g.tsv");
        std::fs::write(&p, rows).unwrap();
        dyad_store::gdelt::import_file(&mut store, &p, run, 1000, &mut |_| {}).unwrap();
    }
    let input = dir.join("docs.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"x\",\"date\":\"2020-03-01\",\"text\":\"Russia condemned the United States. China met Japan.\"}\n\
         {\"id\":\"y\",\"text\":\"France praised Germany.\"}\n",
    )
    .unwrap();
    drop(store);
    let o = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["ingest", "--quiet", "--db"])
        .arg(dir.join("s.db"))
        .arg(&input)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.join("pq");
    let o = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["export", "--format", "parquet", "--db"])
        .arg(dir.join("s.db"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join("year=2020/month=3/part-0.parquet").exists());
    assert!(out.join("year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/part-0.parquet").exists());

    let store = Store::open(&dir.join("s.db")).unwrap();
    let mut want: Vec<StoredEvent> = Vec::new();
    store
        .for_each_event(&EventFilter::default(), |e| {
            want.push(e.clone());
            Ok(())
        })
        .unwrap();
    assert!(want.iter().any(|e| e.origin == "dyad" && e.date.is_empty()));

    let script = dir.join("read.py");
    std::fs::write(&script, READER).unwrap();
    let o = Command::new(&py).arg(&script).arg(&out).output().unwrap();
    assert!(o.status.success(), "pyarrow failed: {}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["num_rows"].as_u64().unwrap() as usize, want.len());
    let cols: Vec<&str> = v["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    for c in dyad_store::export::CSV_COLUMNS {
        assert!(cols.contains(&c), "column {c} missing from {cols:?}");
    }
    assert!(cols.contains(&"year") && cols.contains(&"month"));
    let mut got: Vec<&serde_json::Value> = v["rows"].as_array().unwrap().iter().collect();
    got.sort_by_key(|r| (r["origin"].as_str().unwrap().to_string(), r["event_key"].as_str().unwrap().to_string()));
    want.sort_by(|a, b| (&a.origin, &a.event_key).cmp(&(&b.origin, &b.event_key)));
    for (g, w) in got.iter().zip(&want) {
        let wj = serde_json::to_value(w).unwrap();
        for c in dyad_store::export::CSV_COLUMNS {
            let gv = &g[c];
            let wv = &wj[c];
            if c == "date" {
                // DATE column: ISO text from pyarrow, null when unknown.
                let gs = gv.as_str().unwrap_or("");
                assert_eq!(gs, w.date, "{}", w.event_key);
            } else if wv.is_f64() || gv.is_f64() {
                assert_eq!(gv.as_f64(), wv.as_f64(), "{c} of {}", w.event_key);
            } else {
                assert_eq!(gv, wv, "{c} of {}", w.event_key);
            }
        }
        match w.date.get(..4) {
            Some(y) => {
                assert_eq!(g["year"].as_i64(), y.parse::<i64>().ok());
                assert_eq!(g["month"].as_i64(), w.date[5..7].parse::<i64>().ok());
            }
            None => assert!(g["year"].is_null()),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
