//! The `dyad` command-line tool.
fn main() {
    println!("dyad");
}
