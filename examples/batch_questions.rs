//! Index the sample articles in `data/` into a temporary folder, then answer a batch of
//! questions on every core with `Index::search_batch`, printing each one's best hit in
//! the order of the questions.
//!
//! ```text
//! cargo run -p lupa --example batch_questions
//! ```

use lupa::{Index, SearchOptions, SyncOptions};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dir = tempfile::tempdir()?;
    let index = Index::create(dir.path())?;
    index.sync(&data, &SyncOptions::default(), &mut |_| {})?;

    let questions = [
        "¿Cuándo anunció la coalición el fin de las misiones de combate?",
        "¿Qué grupo terrorista controlaba la orilla oriental del Éufrates?",
        "¿Cuántas veces más potente que la heroína es el fentanilo?",
        "¿A qué frontera enviará tropas la Casa Blanca?",
        "¿Qué temen los expertos del viaje del papa a Irak?",
    ];
    let options = SearchOptions {
        limit: 1,
        ..SearchOptions::default()
    };
    let mut answered = 0;
    // 0 threads: one per core. The results come back in the order of the questions.
    index.search_batch(&questions, &options, 0, |n, results| {
        match results {
            Ok(results) => match results.hits.first() {
                Some(hit) => {
                    answered += 1;
                    println!("{}\n  {:.2}  {}\n", questions[n], hit.score, hit.title);
                }
                None => println!("{}\n  (nothing found)\n", questions[n]),
            },
            Err(e) => println!("{}\n  error: {e}\n", questions[n]),
        }
        true
    });
    assert_eq!(
        answered,
        questions.len(),
        "every question has a hit in data/"
    );
    Ok(())
}
