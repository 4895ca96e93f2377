//! End-to-end test of the page in headless Chromium, driven by Playwright
//! (`e2e/run.mjs`, npm `playwright-core`). Skips with a printed reason when
//! /usr/bin/chromium, node or `e2e/node_modules` is absent (`.ci/run`
//! installs them) or ../shared/data is. The store is all of NewsArticles.csv.
//! Screenshots of every view go to `target/screenshots/`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn page_in_headless_chromium() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let e2e = here.join("e2e");
    if !Path::new("/usr/bin/chromium").exists() {
        dyad_core::testskip::skip("dyad-server e2e", "/usr/bin/chromium is absent (apt-get install chromium)");
        return;
    }
    if !e2e.join("node_modules/playwright-core").exists() {
        dyad_core::testskip::skip(
            "dyad-server e2e",
            &format!("{} is absent (npm ci in that folder)", e2e.join("node_modules").display()),
        );
        return;
    }
    if Command::new("node").arg("--version").output().is_err() {
        dyad_core::testskip::skip("dyad-server e2e", "node is not installed");
        return;
    }
    let Some(db) = common::make_store_real("e2e") else {
        eprintln!("skipping e2e: ../shared/data/news_articles_dai2017/NewsArticles.csv is absent");
        return;
    };
    let state = dyad_server::AppState::open(&db).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_io().build().unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move { axum::serve(listener, dyad_server::router(state)).await });
    let shots = here.join("../../target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let out = Command::new("node")
        .arg(e2e.join("run.mjs"))
        .arg(format!("http://{addr}/"))
        .arg(&shots)
        .current_dir(&e2e)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "e2e failed:\n{stdout}\n{stderr}");
    let seen: serde_json::Value = serde_json::from_str(stdout.trim()).expect("run.mjs prints what it saw");
    // run.mjs checks each view and fails on a mismatch; these restate the figures.
    assert!(seen["topDyads"].as_array().unwrap().len() >= 5, "{seen}");
    let months = seen["months"].as_u64().unwrap();
    assert!(seen["points"].as_array().unwrap().iter().all(|p| p.as_u64() == Some(months)), "{seen}");
    assert!(seen["zeroMonths"].as_u64().unwrap() >= 1, "{seen}");
    assert!(seen["eventRows"].as_u64().unwrap() >= 1);
    assert!(seen["netEdges"].as_u64().unwrap() <= 25 && seen["netEdges"].as_u64().unwrap() >= 1, "{seen}");
    assert!(!seen["blocs"].as_array().unwrap().is_empty(), "{seen}");
    assert!(seen["nodeDyads"].as_u64().unwrap() >= 1 && seen["edgeEvents"].as_u64().unwrap() >= 1, "{seen}");
    assert!(!seen["coded"].as_array().unwrap().is_empty(), "{seen}");
    for f in [
        "1-overview.png",
        "2-dyad.png",
        "3-event.png",
        "4-network.png",
        "5-network-node.png",
        "6-code.png",
        "7-phone-overview.png",
        "8-phone-dyad.png",
    ] {
        assert!(std::fs::metadata(shots.join(f)).unwrap().len() > 1000, "{f}");
    }
    eprintln!("e2e: {seen}; screenshots in {}", shots.display());
}
