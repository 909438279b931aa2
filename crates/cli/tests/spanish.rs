//! Every Spanish matching promise, checked through the `lupa` command on a small
//! folder: one file per behaviour, and for each query the exact set of files found.

use std::path::Path;
use std::process::Command;

const DOCS: &[(&str, &str)] = &[
    (
        "asesoria.txt",
        "La coalición mantendrá la asesoría técnica.",
    ),
    ("accion.txt", "Una acción decidida del gobierno."),
    ("pinguino.txt", "El pingüino del zoológico."),
    ("pena.txt", "Fue una pena perder el partido."),
    ("pena-enye.txt", "Subieron a la peña más alta."),
    ("anyo.txt", "Un año de trabajo."),
    ("ano.txt", "Texto médico sobre el ano."),
    ("informacion.txt", "Nueva información sobre el caso."),
    ("educacion.txt", "La educacion publica sin tildes."),
    ("biologia.txt", "Estudia biología marina."),
    ("estaria.txt", "Nadie estaría dispuesto a ceder."),
    ("retirada.txt", "Anunciaron la retirada de las tropas."),
    ("retiro.txt", "El retiro del embajador."),
    ("eeuu-puntos.txt", "Las tropas de EE.UU. en la región."),
    ("eeuu-junto.txt", "Acuerdo entre EEUU y México."),
    ("kazemi.txt", "El primer ministro Mustafá Al-Kazemi viajó."),
    ("ors.txt", "Un ensayo de Eugenio d'Ors sobre el barroco."),
    (
        "fin-mision.txt",
        "Anunciaron el fin de las misiones de combate.",
    ),
    (
        "fin-los.txt",
        "Hablaron del fin de los misiones, con errata.",
    ),
    ("fin-suelto.txt", "El fin. Misiones nuevas."),
    ("ley-costas.txt", "Aprobada la ley de costas."),
    ("ley-nueva.txt", "Una ley nueva para las costas del norte."),
    ("estados-unidos.txt", "Estados Unidos anunció sanciones."),
    ("estamos-unidos.txt", "Todos estamos unidos en esto."),
    ("estados.txt", "Los estados del norte votaron."),
];

fn lupa(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lupa"))
        .args(args)
        .current_dir(dir)
        .env_remove("LUPA_INDEX")
        // English, whatever the caller's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env_remove("LUPA_LANG")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .output()
        .expect("run lupa")
}

fn found(dir: &Path, query: &str) -> Vec<String> {
    let out = lupa(
        dir,
        &["search", "--json", "--limit", "100", "--no-synonyms", query],
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut ids: Vec<String> = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            h["path"]
                .as_str()
                .expect("path")
                .trim_end_matches(".txt")
                .to_string()
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn spanish_matching_through_the_command() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    for (name, text) in DOCS {
        std::fs::write(docs.join(name), format!("{text}\n")).expect("write");
    }
    // A Latin-1 file must read as Spanish, not mojibake.
    std::fs::write(
        docs.join("latin1.txt"),
        b"Se\xf1ales de acci\xf3n en Espa\xf1a.\n",
    )
    .expect("write");
    let out = lupa(tmp.path(), &["index", "docs"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let cases: &[(&str, &[&str])] = &[
        // Accents fold, both ways; ñ is a letter.
        ("asesoria", &["asesoria"]),
        ("ACCIÓN", &["accion", "latin1"]),
        ("accion", &["accion", "latin1"]),
        ("pinguino", &["pinguino"]),
        ("pena", &["pena"]),
        ("peña", &["pena-enye"]),
        ("año", &["anyo"]),
        ("ano", &["ano"]),
        ("España", &["latin1"]),
        // Accented Snowball suffixes meet unaccented input, both ways.
        ("informacion", &["informacion"]),
        ("información", &["informacion"]),
        ("educación", &["educacion"]),
        ("educacion", &["educacion"]),
        ("biologia", &["biologia"]),
        ("estaria", &["estaria"]),
        ("estaría", &["estaria"]),
        // Snowball stems.
        ("retirar", &["retirada", "retiro"]),
        // Acronyms and hyphenated names.
        ("EE.UU.", &["eeuu-junto", "eeuu-puntos"]),
        ("EEUU", &["eeuu-junto", "eeuu-puntos"]),
        ("ee.uu", &["eeuu-junto", "eeuu-puntos"]),
        ("Al-Kazemi", &["kazemi"]),
        ("kazemi", &["kazemi"]),
        // A prefix or a fuzzy word reaches each part of a name as well as the whole.
        ("kaz*", &["kazemi"]),
        ("alkaz*", &["kazemi"]),
        ("Kazemy~1", &["kazemi"]),
        ("ors*", &["ors"]),
        ("d'Ors", &["ors"]),
        // Phrases keep their stop words and gaps.
        ("\"fin de las misiones\"", &["fin-mision"]),
        ("\"ley de costas\"", &["ley-costas"]),
        ("\"Estados Unidos\"", &["estados-unidos"]),
        ("\"estamos unidos\"", &["estamos-unidos"]),
        // Content words the generic lists drop.
        ("estados", &["estados", "estados-unidos"]),
        // Prefixes work on what was typed, not on stems.
        ("retira*", &["retirada"]),
    ];
    let mut wrong = Vec::new();
    for (query, expected) in cases {
        let got = found(tmp.path(), query);
        if got != *expected {
            wrong.push(format!("{query}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));

    // Punctuation is not a token.
    let out = lupa(tmp.path(), &["analyze", "¿Dónde? ¡Ya! «Sí» “no”"]);
    let table = String::from_utf8_lossy(&out.stdout);
    for p in ['¿', '?', '¡', '!', '«', '»', '“', '”'] {
        assert!(!table.contains(p), "{p} in {table}");
    }
}
