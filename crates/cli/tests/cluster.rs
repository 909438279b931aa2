//! `lupa index --cluster`, `lupa search --cluster` and `lupa serve --cluster` on three
//! real `searchd` processes started here on loopback ports, checked against local search.

mod served;

use lupa_cluster::local::LocalCluster;
use serde_json::Value;
use served::{enc, Folder, Served};

fn search_json(folder: &Folder, args: &[&str]) -> Value {
    let mut all = vec!["search", "--json", "--index", "docs/.lupa"];
    all.extend_from_slice(args);
    serde_json::from_str(&folder.lupa(&all, 0)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// The ids of a search's hits, sorted, and its total.
fn found(results: &Value) -> (Vec<String>, u64) {
    let mut ids: Vec<String> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["path"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    (ids, results["total"].as_u64().unwrap())
}

#[test]
fn index_search_and_serve_on_a_three_node_cluster() {
    if !lupa_cluster::local::searchd_for_test() {
        return;
    }
    let folder = Folder::with_sample_articles();
    let mut nodes = LocalCluster::start(&folder.root().join("cluster"), 3, 1).unwrap();
    let url = nodes.address().to_string();
    folder.lupa(
        &["index", "docs", "--index", "docs/.lupa", "--cluster", &url],
        0,
    );
    nodes
        .load_file(&folder.root().join("docs/.lupa/cluster.idf"))
        .unwrap();

    let server = Served::start(folder.root(), &["--index", "docs/.lupa", "--cluster", &url]);
    for q in [
        "retirada de las tropas",
        "Irak AND NOT Siria",
        "\"fin de las misiones\"",
        "EE.UU.",
    ] {
        let local = search_json(&folder, &[q]);
        let on_cluster = search_json(&folder, &["--cluster", &url, q]);
        assert!(!local["hits"].as_array().unwrap().is_empty(), "{q}");
        assert_eq!(found(&on_cluster), found(&local), "{q}");
        // The server answers with the cluster's hits, as `lupa search --cluster` does.
        let (status, mut served) = server.json(&format!("/api/search?q={}", enc(q)));
        assert_eq!(status, 200, "{q}: {served}");
        served.as_object_mut().map(|o| o.remove("offset"));
        assert_eq!(served, on_cluster, "{q}");
    }
    let page = server.get(&format!("/?q={}", enc("retirada de las tropas")));
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<mark>"), "{}", page.text());
    let (status, body) = server.json("/api/search?q=tropas&sort=date");
    assert_eq!(status, 400, "{body}");
    assert!(body.to_string().contains("cluster"), "{body}");
}
