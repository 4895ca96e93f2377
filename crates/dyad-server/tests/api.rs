//! API tests: the router driven in-process with `tower::ServiceExt::oneshot`
//! over a small store built from examples/summit.txt.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{make_store, summit_text};
use dyad_coder::sink::{EventSink, JsonlSink};
use dyad_coder::{Coder, CoderOptions};
use dyad_core::Document;
use dyad_server::{router, AppState};
use dyad_store::Store;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::path::PathBuf;
use tower::ServiceExt;

async fn call(app: &axum::Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let r = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = r.into_parts();
    (parts.status, parts.headers, body.collect().await.unwrap().to_bytes().to_vec())
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (s, _, b) = call(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    (s, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

async fn post_code(app: &axum::Router, body: Vec<u8>) -> (StatusCode, Value) {
    let req = Request::post("/api/code").header("content-type", "application/json").body(Body::from(body)).unwrap();
    let (s, _, b) = call(app, req).await;
    (s, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

fn app(name: &str) -> (axum::Router, PathBuf) {
    let db = make_store(name);
    (router(AppState::open(&db).unwrap()), db)
}

#[tokio::test]
async fn bad_parameters_are_400_with_json_error() {
    let (app, _) = app("bad");
    for uri in [
        "/api/events?from=2023-13-01",
        "/api/events?from=yesterday",
        "/api/events?from=2023-05-01&to=2023-01-01",
        "/api/events?per_page=0",
        "/api/events?per_page=100000",
        "/api/events?page=-1",
        "/api/events?actor=USA%27%20OR%201=1--",
        "/api/events?a=USA",
        "/api/events?code=04;DROP",
        "/api/events?bogus=1",
        "/api/events?origin=both",
        "/api/dyad?a=USA",
        "/api/dyad?a=CHN&b=RUS&by=year",
        "/api/dyad?a=CHN&b=RUS&normalize=maybe",
        "/api/events?quad=5",
        "/api/events?modality=sure",
        "/api/overview?limit=0",
        "/api/overview?form=verbal",
        "/api/country_network?limit=100000",
        "/api/country_actors",
        "/api/country_actors?country=C%20N",
        "/api/dyad_codes?a=CHN",
        "/api/network?min_events=x",
        "/api/blocs?min_events=-3",
        "/api/actors?limit=0",
        "/api/document",
        "/api/events/abc",
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{uri}: {v}");
    }
    for body in [
        &b"not json"[..],
        b"[1,2]",
        b"{}",
        b"{\"text\": 5}",
        b"{\"text\":\"x\",\"date\":\"2023-02-30\"}",
        b"{\"text\":\"x\",\"extra\":1}",
    ] {
        let (s, v) = post_code(&app, body.to_vec()).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{}", String::from_utf8_lossy(body));
        assert!(v["error"].is_string());
    }
}

#[tokio::test]
async fn unknown_ids_and_paths_are_404_and_injection_is_inert() {
    let (app, db) = app("notfound");
    assert_eq!(get(&app, "/api/events/999999").await.0, StatusCode::NOT_FOUND);
    let (s, v) = get(&app, "/api/document?id=x%27%3B%20DROP%20TABLE%20events%3B--").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(v["error"].as_str().unwrap().contains("DROP TABLE"));
    // The store is intact: the same events as before.
    let store = Store::open(&db).unwrap();
    assert!(store.count_events(dyad_store::Origin::Dyad).unwrap() > 0);
    // Static serving knows its embedded names only: no filesystem, no traversal.
    for uri in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/app.js",
        "/vendor/../app.js",
        "/vendor/echarts-6.1.0/echarts.min.js",
        "/src/lib.rs",
        "/etc/passwd",
    ] {
        let (s, _, _) = call(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{uri}");
    }
    for (uri, ctype, needle) in [
        ("/", "text/html", "Code this text"),
        ("/app.js", "text/javascript", "showNetwork"),
        ("/vendor/echarts-LICENSE.txt", "text/plain", "Apache License"),
        ("/app.css", "text/css", "mark.verb"),
    ] {
        let (s, h, b) = call(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(s, StatusCode::OK);
        assert!(h["content-type"].to_str().unwrap().starts_with(ctype));
        assert!(String::from_utf8(b).unwrap().contains(needle));
    }
}

#[tokio::test]
async fn body_limit_is_413() {
    let (app, _) = app("limit");
    let big = format!("{{\"text\": \"{}\"}}", "a".repeat(dyad_server::BODY_LIMIT + 10));
    let (s, _) = post_code(&app, big.into_bytes()).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    // A body under the limit whose text is over the coding limit: 413 with a JSON error.
    let long = format!("{{\"text\": \"{}\"}}", "a ".repeat(dyad_server::CODE_TEXT_LIMIT));
    let (s, v) = post_code(&app, long.into_bytes()).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(v["error"].as_str().unwrap().contains("at most 200000"), "{v}");
    // A normal body is accepted.
    let ok = format!("{{\"text\": \"{}\"}}", "a ".repeat(1000));
    assert_eq!(post_code(&app, ok.into_bytes()).await.0, StatusCode::OK);
}

#[tokio::test]
async fn no_cors_headers() {
    let (app, _) = app("cors");
    let req = Request::get("/api/events").header("origin", "https://evil.example").body(Body::empty()).unwrap();
    let (s, h, _) = call(&app, req).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h.keys().all(|k| !k.as_str().starts_with("access-control-")), "{h:?}");
    let pre = Request::options("/api/code")
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    let (s, h, _) = call(&app, pre).await;
    assert_ne!(s, StatusCode::OK);
    assert!(h.keys().all(|k| !k.as_str().starts_with("access-control-")), "{h:?}");
}

#[tokio::test]
async fn code_answers_the_jsonl_fields() {
    let (app, _) = app("code");
    let text = summit_text();
    let body = serde_json::json!({ "text": text, "date": "2023-03-20" }).to_string();
    let (s, v) = post_code(&app, body.into_bytes()).await;
    assert_eq!(s, StatusCode::OK);
    let got = v.as_array().unwrap();
    // What `dyad code` writes for the same document.
    let coder = Coder::builtin(CoderOptions::default());
    let doc = Document {
        id: "pasted".into(),
        date: Some(chrono::NaiveDate::from_ymd_opt(2023, 3, 20).unwrap()),
        text: text.clone(),
        title: None,
        source: None,
        url: None,
    };
    let mut sink = JsonlSink::new(Vec::new()).with_sentence(true);
    sink.write_document(&doc, &coder.code(&doc)).unwrap();
    let want: Vec<Value> =
        String::from_utf8(sink.into_inner()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!want.is_empty());
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        let mut g = g.as_object().unwrap().clone();
        let segs = g.remove("segments").unwrap();
        assert_eq!(&Value::Object(g.clone()), w, "same keys and values as dyad code --sentence");
        let joined: String = segs.as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect();
        assert_eq!(joined, g["sentence"].as_str().unwrap());
        let src: Vec<&str> = segs
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["role"] == "source")
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        assert_eq!(src, vec![g["source_text"].as_str().unwrap()]);
        assert_eq!(g["date"], "2023-03-20");
    }
}

#[tokio::test]
async fn events_paging_and_detail() {
    let (app, db) = app("paging");
    let n: i64 = Store::open(&db).unwrap().count_events(dyad_store::Origin::Dyad).unwrap();
    assert!(n >= 3);
    let (s, all) = get(&app, "/api/events?per_page=200").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(all["total"], n);
    assert_eq!(all["events"].as_array().unwrap().len() as i64, n);
    let per = 2;
    let mut seen = Vec::new();
    let mut page = 1;
    loop {
        let (s, v) = get(&app, &format!("/api/events?per_page={per}&page={page}")).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["total"], n);
        assert_eq!(v["page"], page);
        let evs = v["events"].as_array().unwrap();
        if evs.is_empty() {
            break;
        }
        assert!(evs.len() <= per);
        seen.extend(evs.iter().map(|e| e["id"].as_i64().unwrap()));
        page += 1;
    }
    let ids: Vec<i64> = all["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(seen, ids, "pages concatenate to the whole list, in order, without repeats");
    // Date filter: only the second copy's date.
    let (_, v) = get(&app, "/api/events?from=2023-03-27&to=2023-03-27&per_page=200").await;
    assert!(v["total"].as_i64().unwrap() > 0 && v["total"].as_i64().unwrap() < n);
    assert!(v["events"].as_array().unwrap().iter().all(|e| e["date"] == "2023-03-27"));
    // Detail: provenance with document metadata and highlight segments.
    let (s, d) = get(&app, &format!("/api/events/{}", ids[0])).await;
    assert_eq!(s, StatusCode::OK);
    let p = &d["provenance"][0];
    assert!(p["url"].as_str().unwrap().starts_with("https://example.org/summit/"));
    assert!(p["title"].as_str().unwrap().starts_with("Summit day"));
    assert!(!p["rule"].as_str().unwrap().is_empty());
    let segs = p["segments"].as_array().unwrap();
    let joined: String = segs.iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert_eq!(joined, p["sentence"].as_str().unwrap());
    let src: String = segs.iter().filter(|s| s["role"] == "source").map(|s| s["text"].as_str().unwrap()).collect();
    assert_eq!(src, p["source_text"].as_str().unwrap());
    // The document route lists the same event.
    let (s, doc) = get(&app, &format!("/api/document?id={}", p["doc_id"].as_str().unwrap().replace('/', "%2F"))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["events"].as_array().unwrap().iter().any(|e| e["id"] == ids[0]));
}

#[tokio::test]
async fn dyad_network_blocs_actors() {
    let (app, _) = app("analytics");
    let (s, a) = get(&app, "/api/actors?q=rus&limit=5").await;
    assert_eq!(s, StatusCode::OK);
    let a = a.as_array().unwrap();
    assert!(!a.is_empty() && a.iter().all(|x| x["actor"].as_str().unwrap().starts_with("RUS")));
    let (s, d) = get(&app, "/api/dyad?a=CHN&b=RUS&by=week").await;
    assert_eq!(s, StatusCode::OK);
    let periods: Vec<&str> = d["rows"].as_array().unwrap().iter().map(|r| r["period"].as_str().unwrap()).collect();
    assert_eq!(periods, ["2023-03-20", "2023-03-27", "2023-04-03"]);
    // Zero-filled: every ISO week of the store's range, even without a CHN–RUS event.
    let (s, d) = get(&app, "/api/dyad?a=CHN&b=RUS&by=day").await;
    assert_eq!(s, StatusCode::OK);
    let rows = d["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 15, "2023-03-20 … 2023-04-03, one row a day");
    assert_eq!(rows[1]["period"], "2023-03-21");
    assert_eq!(rows[1]["both"]["events"], 0.0);
    assert!(rows[0]["both"]["events"].as_f64().unwrap() >= 1.0);
    let (s, n) = get(&app, "/api/network").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!n["edges"].as_array().unwrap().is_empty());
    let (s, b) = get(&app, "/api/blocs?min_events=1").await;
    assert_eq!(s, StatusCode::OK);
    assert!(b["nodes"].as_u64().unwrap() >= 2);
}

#[tokio::test]
async fn overview_country_network_and_codes() {
    let (app, _) = app("views");
    let (s, o) = get(&app, "/api/overview").await;
    assert_eq!(s, StatusCode::OK, "{o}");
    assert_eq!((o["first_date"].as_str(), o["last_date"].as_str()), (Some("2023-03-20"), Some("2023-04-03")));
    assert_eq!(o["months"], json!(["2023-03", "2023-04"]));
    assert_eq!(o["origin"], "dyad");
    assert_eq!(o["fields"], json!({ "modality": true, "form": false, "one_sided": false }));
    let total = o["events"].as_u64().unwrap();
    assert_eq!(o["origins"]["dyad"].as_u64(), Some(total));
    assert_eq!(o["month_events"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).sum::<u64>(), total);
    let top = o["top_dyads"].as_array().unwrap();
    assert!(!top.is_empty(), "{o}");
    let chn_rus = top.iter().find(|d| d["a"] == "CHN" && d["b"] == "RUS").expect("CHN–RUS among the top dyads");
    let by_month: u64 = chn_rus["by_month"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(by_month, chn_rus["events"].as_u64().unwrap());
    assert_eq!(
        chn_rus["a_to_b"].as_u64().unwrap() + chn_rus["b_to_a"].as_u64().unwrap(),
        chn_rus["events"].as_u64().unwrap()
    );
    // The three documents repeat one text: every dyad has one month of history at most, so no change qualifies.
    assert_eq!(o["changes"], json!([]));
    assert!(o["countries"].as_array().unwrap().iter().any(|c| c["country"] == "CHN"));

    let (s, n) = get(&app, "/api/country_network?limit=2").await;
    assert_eq!(s, StatusCode::OK);
    assert!(n["edges"].as_array().unwrap().len() <= 2);
    assert!(n["total_edges"].as_u64().unwrap() >= n["edges"].as_array().unwrap().len() as u64);
    for e in n["edges"].as_array().unwrap() {
        assert!(e["a"].as_str() < e["b"].as_str() && e["a"] != e["b"], "{e}");
    }
    let (_, n2) = get(&app, "/api/country_network?limit=2").await;
    assert_eq!(n, n2, "same store, same filters: same blocs and colours");

    let (s, a) = get(&app, "/api/country_actors?country=chn").await;
    assert_eq!(s, StatusCode::OK);
    let a = a.as_array().unwrap();
    assert!(!a.is_empty() && a.iter().all(|x| x["actor"].as_str().unwrap().starts_with("CHN")), "{a:?}");

    let (s, c) = get(&app, "/api/dyad_codes?a=CHN&b=RUS").await;
    assert_eq!(s, StatusCode::OK);
    let codes = c["codes"].as_array().unwrap();
    assert!(!codes.is_empty());
    assert!(codes.iter().all(|x| x["name"].is_string()), "{c}");

    let (s, e) = get(&app, "/api/events?a=CHN&b=RUS&modality=asserted&quad=1").await;
    assert_eq!(s, StatusCode::OK);
    assert!(e["events"].as_array().unwrap().iter().all(|x| x["quad_class"] == 1 && x["modality"] == "asserted"));

    let (s, h, js) = call(&app, Request::get("/vendor/echarts.min.js").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h["content-type"].to_str().unwrap().starts_with("text/javascript"));
    assert!(js.len() > 500_000);
}

#[tokio::test]
async fn actor_parameters_take_names_and_any_case() {
    let (app, _) = app("names");
    let (s, by_code) = get(&app, "/api/dyad?a=CHN&b=RUS&by=month").await;
    assert_eq!(s, StatusCode::OK);
    for uri in [
        "/api/dyad?a=China&b=Russia&by=month",
        "/api/dyad?a=chn&b=russia&by=month",
        "/api/dyad?a=Chinese&b=RUS&by=month",
    ] {
        let (s, d) = get(&app, uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert_eq!(d, by_code, "{uri}");
    }
}
