//! `lupa eval` on a temporary folder of three articles, with figures checked by hand.

use std::path::Path;
use std::process::{Command, Output, Stdio};

struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    /// Three articles, indexed, with a topics file and judgments beside them.
    fn indexed() -> Dir {
        let d = Dir {
            tmp: tempfile::tempdir().expect("tempdir"),
        };
        let docs = d.root().join("articulos");
        std::fs::create_dir(&docs).expect("mkdir");
        for (name, text) in [
            ("irak.txt", "Irak anuncia la retirada de las tropas\n\nLas autoridades de Irak anunciaron el fin de las misiones de combate de la coalición contra el Daesh."),
            ("eeuu.txt", "Estados Unidos y la coalición\n\nEE.UU. mantendrá asesores en el país."),
            ("otra.txt", "Una noticia de deportes\n\nEl equipo ganó el partido del domingo."),
        ] {
            std::fs::write(docs.join(name), text).expect("write");
        }
        let out = d.run(&["index", "articulos"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        // q1 finds only irak.txt, q2 only otra.txt, q3 only irak.txt; q4 holds only
        // stop words, so it fails; q6 is not judged.
        d.write(
            "topics.tsv",
            "# qid\tquery\nq1\tretirada\nq2\tpartido\nq3\tDaesh\nq4\tde la\nq6\tcoalición\n",
        );
        // Mixed formats; `irak` matches `irak.txt` without its extension. q5 has no
        // run; q7 has no relevant document, so it is not evaluated.
        d.write(
            "qrels.txt",
            "q1 0 irak 1\nq2\totra.txt,eeuu.txt\nq3\teeuu.txt\nq4\tirak.txt\nq5\totra.txt\nq7 0 otra.txt 0\n",
        );
        d
    }

    fn root(&self) -> &Path {
        self.tmp.path()
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.root().join(name), text).expect("write");
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_lupa"))
            .args(args)
            .current_dir(self.root())
            .env_remove("LUPA_INDEX")
            // English, whatever the caller's locale.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANGUAGE")
            .env_remove("LUPA_LANG")
            .env("LANG", "C.UTF-8")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .expect("run lupa")
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

// Five queries are evaluated (q1..q5):
//   q1: irak.txt at rank 1, the only relevant one  -> RR 1, nDCG 1, P@1 1, R 1
//   q2: otra.txt at rank 1 of relevant {otra, eeuu} -> RR 1, P@1 1, R 1/2,
//       nDCG = 1 / (1 + 1/log2 3) = 1 / 1.6309298 = 0.6131472
//   q3: irak.txt, not relevant                      -> all 0
//   q4: failed (stop words only)                    -> all 0
//   q5: not in the topics                           -> all 0
// Means: MRR 2/5 = 0.4, nDCG 1.6131472/5 = 0.3226, P@1 0.4, Recall (1 + 0.5)/5 = 0.3.
#[test]
fn eval_prints_hand_checked_figures() {
    let d = Dir::indexed();
    let out = d.run(&[
        "eval",
        "--queries",
        "topics.tsv",
        "--qrels",
        "qrels.txt",
        "--run",
        "run.trec",
        "--per-query",
        "per-query.tsv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..8],
        [
            "MRR@10      0.4000",
            "nDCG@10     0.3226",
            "P@1         0.4000",
            "Recall@10   0.3000",
            "Recall@100  0.3000",
            "queries     5 with a relevant document",
            "failed      1",
            "unanswered  2",
        ],
        "{text}"
    );
    assert!(lines[8].starts_with("wall time   "), "{text}");
    assert!(lines[8].contains(" s for 5 queries ("), "{text}");
    let err = stderr(&out);
    assert!(err.contains("topics.tsv: line 5, query q4: "), "{err}");

    let run = std::fs::read_to_string(d.root().join("run.trec")).expect("run file");
    let docs: Vec<(&str, &str, &str)> = run
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            (f[0], f[2], f[3])
        })
        .collect();
    assert!(docs.contains(&("q1", "irak.txt", "1")), "{run}");
    assert!(docs.contains(&("q2", "otra.txt", "1")), "{run}");
    assert!(!docs.iter().any(|(q, ..)| *q == "q4"), "{run}");

    let per = std::fs::read_to_string(d.root().join("per-query.tsv")).expect("per-query file");
    let per: Vec<&str> = per.lines().collect();
    assert_eq!(
        per,
        [
            "qid\trelevant\tretrieved\tMRR@10\tnDCG@10\tP@1\tRecall@10\tRecall@100",
            "q1\t1\t1\t1.0000\t1.0000\t1.0000\t1.0000\t1.0000",
            "q2\t2\t1\t1.0000\t0.6131\t1.0000\t0.5000\t0.5000",
            "q3\t1\t1\t0.0000\t0.0000\t0.0000\t0.0000\t0.0000",
            "q4\t1\t0\t0.0000\t0.0000\t0.0000\t0.0000\t0.0000",
            "q5\t1\t0\t0.0000\t0.0000\t0.0000\t0.0000\t0.0000",
        ]
    );
}

#[test]
fn eval_json_has_the_same_figures() {
    let d = Dir::indexed();
    let out = d.run(&[
        "eval",
        "--queries",
        "topics.tsv",
        "--qrels",
        "qrels.txt",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["queries"], 5);
    assert_eq!(v["topics"], 5);
    assert_eq!(v["failed"], 1);
    assert_eq!(v["mrr@10"], 0.4);
    assert_eq!(v["p@1"], 0.4);
    assert_eq!(v["recall@100"], 0.3);
    let ndcg = v["ndcg@10"].as_f64().expect("ndcg");
    assert!((ndcg - 1.613_147_2 / 5.0).abs() < 1e-6, "{ndcg}");
}

#[test]
fn eval_all_requires_every_word() {
    // With --all, `retirada Daesh` still finds irak.txt but `retirada partido` finds
    // nothing: MRR (1 + 0) / 2. Without it, both queries find their document.
    let d = Dir::indexed();
    d.write("t.tsv", "a\tretirada Daesh\nb\tretirada partido\n");
    d.write("q.tsv", "a\tirak.txt\nb\totra.txt\n");
    let out = d.run(&["eval", "--queries", "t.tsv", "--qrels", "q.tsv", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("MRR@10      0.5000\n"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("\nunanswered  1\n"),
        "{}",
        stdout(&out)
    );
    let out = d.run(&["eval", "--queries", "t.tsv", "--qrels", "q.tsv"]);
    assert!(
        stdout(&out).contains("\nunanswered  0\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn bad_qrels_line_exits_2_with_file_and_line() {
    let d = Dir::indexed();
    d.write(
        "bad-qrels.txt",
        "q1 0 irak.txt 1\n# comment\nq2 0 otra.txt\n",
    );
    let out = d.run(&[
        "eval",
        "--queries",
        "topics.tsv",
        "--qrels",
        "bad-qrels.txt",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad-qrels.txt: line 3: "), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn missing_topics_file_exits_2_with_its_name() {
    let d = Dir::indexed();
    let out = d.run(&["eval", "--queries", "nope.tsv", "--qrels", "qrels.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.tsv"), "{}", stderr(&out));
}
