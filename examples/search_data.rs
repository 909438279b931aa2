//! Index the sample articles in `data/` into a temporary folder and print the best
//! hits of a boolean query and of a phrase query.
//!
//! ```text
//! cargo run -p lupa --example search_data
//! ```

use lupa::{Index, SearchOptions, SyncOptions};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dir = tempfile::tempdir()?;
    let index = Index::create(dir.path())?;
    let report = index.sync(&data, &SyncOptions::default(), &mut |_| {})?;
    println!(
        "indexed {} files ({} skipped)\n",
        report.added,
        report.skipped.len()
    );

    for query in ["(Irak OR Siria) AND retirada", "\"fin de las misiones\""] {
        let results = index.search(query, &SearchOptions::default())?;
        println!("{query}  ->  {} documents", results.total);
        for hit in results.hits.iter().take(3) {
            println!("  {:.2}  {}  {}", hit.score, hit.id, hit.title);
            let s = &hit.snippet;
            let mut marked = String::new();
            let mut at = 0;
            for r in &s.highlights {
                marked.push_str(&s.text[at..r.start]);
                marked.push_str(&format!("[{}]", &s.text[r.clone()]));
                at = r.end;
            }
            marked.push_str(&s.text[at..]);
            println!("        {marked}");
        }
        assert!(results.total > 0, "the sample data should match {query}");
        println!();
    }
    Ok(())
}
