//! Test-only helpers: read the Dai (2017) news articles and the NLTK
//! reference outputs from `../shared/data` (never copied into the repo).

use std::collections::HashMap;
use std::path::PathBuf;

/// `<workspace>/../shared/data`, if it exists.
pub fn shared_data() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    p.is_dir().then_some(p)
}

fn file(rel: &str) -> Result<PathBuf, String> {
    let d = shared_data().ok_or("../shared/data not found")?;
    let p = d.join(rel);
    if p.is_file() {
        Ok(p)
    } else {
        Err(format!("{} not found", p.display()))
    }
}

/// Article id → text for ids `1..=max_id` of NewsArticles.csv.
pub fn articles(max_id: u32) -> Result<HashMap<String, String>, String> {
    let p = file("news_articles_dai2017/NewsArticles.csv")?;
    let mut r = csv::Reader::from_path(&p).map_err(|e| e.to_string())?;
    let mut out = HashMap::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let id = rec.get(0).unwrap_or("").to_string();
        if id.parse::<u32>().map_or(true, |v| v > max_id) {
            continue;
        }
        out.insert(id, rec.get(5).unwrap_or("").to_string());
    }
    Ok(out)
}

fn jsonl(rel: &str) -> Result<Vec<serde_json::Value>, String> {
    let p = file(rel)?;
    let s = std::fs::read_to_string(&p).map_err(|e| e.to_string())?;
    s.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).map_err(|e| e.to_string())).collect()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// (article id, punkt sentences) in file order.
pub fn punkt_sentences() -> Result<Vec<(String, Vec<String>)>, String> {
    Ok(jsonl("nlp_models/nltk_reference_outputs/punkt_sentences_newsarticles_1-300.jsonl")?
        .iter()
        .map(|v| (v["article_id"].as_str().unwrap_or("").to_string(), strings(&v["sentences"])))
        .collect())
}

/// (article id, sentence index) → Treebank tokens.
pub fn treebank_tokens() -> Result<HashMap<(String, u64), Vec<String>>, String> {
    Ok(jsonl("nlp_models/nltk_reference_outputs/tokens_tags_newsarticles_1-300.jsonl")?
        .iter()
        .map(|v| {
            let id = v["article_id"].as_str().unwrap_or("").to_string();
            ((id, v["sent"].as_u64().unwrap_or(0)), strings(&v["tokens"]))
        })
        .collect())
}

/// Byte starts of `sents` found in order in `text`; `None` when one is
/// missing.
pub fn locate(text: &str, sents: &[String]) -> Option<Vec<(usize, usize)>> {
    let mut cur = 0;
    let mut out = Vec::with_capacity(sents.len());
    for s in sents {
        let p = cur + text[cur..].find(s.as_str())?;
        out.push((p, p + s.len()));
        cur = p + s.len();
    }
    Some(out)
}

/// Align Treebank tokens (which spell `"` as ` `` ` / `''`) to `text[a..e]`;
/// unalignable tokens are skipped.
pub fn align_tokens(text: &str, a: usize, e: usize, toks: &[String]) -> Vec<(usize, usize)> {
    let mut cur = a;
    let mut out = Vec::new();
    for t in toks {
        while cur < e {
            let c = text[cur..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                cur += c.len_utf8();
            } else {
                break;
            }
        }
        let rest = &text[cur..e];
        if rest.starts_with(t.as_str()) {
            out.push((cur, cur + t.len()));
            cur += t.len();
        } else if (t == "``" || t == "''") && rest.starts_with('"') {
            out.push((cur, cur + 1));
            cur += 1;
        } else if let Some(p) = rest.find(t.as_str()) {
            out.push((cur + p, cur + p + t.len()));
            cur += p + t.len();
        }
    }
    out
}
