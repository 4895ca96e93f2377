//! Print each sentence of stdin as `norm/TAG/lemma` tokens: a debugging aid
//! for dictionary and coder work (`cargo run -p dyad-text --example tokens`).

use std::io::Read;

fn main() {
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("tokens: cannot read stdin: {e}");
        std::process::exit(1);
    }
    let analyzer = dyad_text::Analyzer::default();
    for s in analyzer.analyze(&text) {
        let line: Vec<String> = s.tokens.iter().map(|t| format!("{}/{:?}/{}", t.norm, t.tag, t.lemma)).collect();
        println!("{}", line.join(" "));
    }
}
