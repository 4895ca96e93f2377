//! Ingest of the Dai (2017) NewsArticles.csv, then `query dyad USA RUS --by
//! month` and `query blocs` (README "Store and queries" shows the output).

use std::path::Path;
use std::process::Command;

fn dyad(args: &[&str], db: &Path) -> std::process::Output {
    let o = Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).arg("--db").arg(db).output().unwrap();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    o
}

#[test]
fn news_articles_ingest_and_queries() {
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news_articles_dai2017/NewsArticles.csv");
    if !csv.exists() {
        dyad_core::testskip::skip("store_news", &format!("{} is absent", csv.display()));
        return;
    }
    let dir = std::env::temp_dir().join(format!("dyad-store-news-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("news.db");
    let csv_s = csv.to_str().unwrap();
    let o = dyad(
        &[
            "ingest",
            "--id-column",
            "article_id",
            "--date-column",
            "publish_date",
            "--url-column",
            "article_source_link",
            csv_s,
        ],
        &db,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("3824 documents"), "{err}");

    let o = dyad(&["query", "dyad", "USA", "RUS", "--by", "month", "--json"], &db);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v.as_array().unwrap();
    let month = |m: &str| rows.iter().find(|r| r["period"] == m).unwrap_or_else(|| panic!("no {m} in {v}"));
    // The corpus is mostly February and March 2017.
    for m in ["2017-02", "2017-03"] {
        let r = month(m);
        let ab = r["ab"]["events"].as_f64().unwrap();
        let ba = r["ba"]["events"].as_f64().unwrap();
        let both = r["both"]["events"].as_f64().unwrap();
        assert!(ab >= 20.0 && ba >= 5.0, "{m}: {ab} {ba}");
        assert_eq!(both, ab + ba, "{m}");
        let q: f64 = r["both"]["quad"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).sum();
        assert_eq!(q, both, "{m}: quad classes add up");
        assert!(r["all_events"].is_null());
        // Mostly cooperation (verbal or material) between the two in these months.
        assert!(r["both"]["quad"][0].as_f64().unwrap() > r["both"]["quad"][3].as_f64().unwrap());
    }
    // Normalised shares are counts over the period's events.
    let o = dyad(&["query", "dyad", "USA", "RUS", "--by", "month", "--json", "--normalize"], &db);
    let n: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = n.as_array().unwrap().iter().find(|r| r["period"] == "2017-03").unwrap();
    let raw = month("2017-03");
    let all = r["all_events"].as_f64().unwrap();
    assert!(all > raw["both"]["events"].as_f64().unwrap());
    let share = raw["both"]["events"].as_f64().unwrap() / all;
    assert!((r["both"]["events"].as_f64().unwrap() - share).abs() < 1e-12);
    // One-a-day never counts more.
    let o = dyad(&["query", "dyad", "USA", "RUS", "--by", "month", "--json", "--one-a-day"], &db);
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = d.as_array().unwrap().iter().find(|r| r["period"] == "2017-03").unwrap();
    assert!(r["both"]["events"].as_f64().unwrap() <= raw["both"]["events"].as_f64().unwrap());

    let o = dyad(&["query", "blocs", "--json"], &db);
    let b: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(b["modularity"].as_f64().unwrap() > 0.1, "{b}");
    let blocs = b["blocs"].as_array().unwrap();
    let big: Vec<&serde_json::Value> = blocs.iter().filter(|x| x["members"].as_array().unwrap().len() >= 3).collect();
    assert!(big.len() >= 2, "{b}");
    let has = |c: &str| blocs.iter().any(|x| x["members"].as_array().unwrap().iter().any(|m| m == c));
    assert!(has("USA") && has("RUS") && has("CHN"));
    // Blocs hold together: inside, cooperation outweighs conflict.
    for x in &big {
        assert!(x["internal_balance"].as_f64().unwrap() > 0.0, "{x}");
    }
    let o = dyad(&["query", "events", "--actor", "RUS", "--code", "04", "--limit", "5"], &db);
    let t = String::from_utf8_lossy(&o.stdout);
    assert_eq!(t.lines().count(), 5, "{t}");
    assert!(t.lines().all(|l| l.contains("\t04")), "{t}");
    let o = dyad(&["query", "network", "--min-events", "20", "--json"], &db);
    let e: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let usa_rus = e.as_array().unwrap().iter().find(|x| x["source"] == "USA" && x["target"] == "RUS").unwrap();
    assert_eq!(
        usa_rus["events"].as_u64().unwrap(),
        usa_rus["cooperation"].as_u64().unwrap() + usa_rus["conflict"].as_u64().unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
