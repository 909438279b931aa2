//! Equal scores go by path: two builds of the same folder, whatever order their files
//! were indexed in, give byte-identical TREC runs.

mod served;

use served::Folder;

#[test]
fn two_builds_of_one_folder_give_the_same_trec_run() {
    // Twelve articles with the same words score alike for any query on them.
    let names: Vec<String> = (0..12)
        .map(|i| format!("nota-{:02}.txt", (i * 7) % 12))
        .collect();
    let first = Folder::new();
    let second = Folder::new();
    // The first folder indexes its files in one run; the second in two runs, the later
    // half first, so that its documents sit at other addresses.
    for name in &names {
        first.write(name, "Irak anuncia la retirada de las tropas.\n");
    }
    first.lupa(&["index", "docs", "--index", "idx"], 0);
    for name in &names[6..] {
        second.write(name, "Irak anuncia la retirada de las tropas.\n");
    }
    second.lupa(&["index", "docs", "--index", "idx"], 0);
    for name in &names[..6] {
        second.write(name, "Irak anuncia la retirada de las tropas.\n");
    }
    second.lupa(&["index", "docs", "--index", "idx"], 0);

    let queries = "1\tretirada tropas\n2\tIrak\n3\tfecha:>=2000 Irak\n";
    for folder in [&first, &second] {
        std::fs::write(folder.root().join("q.tsv"), queries).expect("write");
    }
    let run = |folder: &Folder, extra: &[&str]| {
        let mut args = vec!["search", "--index", "idx", "--queries", "q.tsv"];
        args.extend_from_slice(extra);
        folder.lupa(&args, 0)
    };
    let a = run(&first, &[]);
    assert_eq!(a, run(&second, &[]));
    // In path order, best first: every score is equal.
    let paths: Vec<&str> = a
        .lines()
        .filter(|l| l.starts_with("1 "))
        .map(|l| l.split(' ').nth(2).expect("path"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 10);
    assert_eq!(paths[0], "nota-00.txt");
    // The same for a page that ends among equal scores.
    let page = |folder: &Folder| {
        folder.lupa(
            &[
                "search", "--index", "idx", "--json", "-n", "3", "--offset", "4", "Irak",
            ],
            0,
        )
    };
    assert_eq!(page(&first), page(&second));
    assert!(page(&first).contains("nota-04.txt"), "{}", page(&first));
}
