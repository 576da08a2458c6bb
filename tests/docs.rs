//! Every link in the repository's documentation resolves inside the
//! repository: a relative link names a file that exists, and a `#anchor`
//! names a heading of the file it points into. (Links in the API docs are
//! checked by `cargo doc` with warnings denied.)

use std::path::{Path, PathBuf};

const DOCS: [&str; 6] = [
    "README.md",
    "DESIGN.md",
    "BENCHMARKS.md",
    "CHANGELOG.md",
    "docs/REFERENCE.md",
    "fuzz/README.md",
];

/// The anchor GitHub gives a heading: lower case, spaces to `-`, punctuation dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(text: &str) -> Vec<String> {
    let mut in_code = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            out.push(slug(line.trim_start_matches('#')));
        }
    }
    out
}

/// Every `](target)` of the markdown outside code blocks.
fn links(text: &str) -> Vec<String> {
    let mut in_code = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            if let Some(end) = rest.find(')') {
                out.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
    }
    out
}

#[test]
fn every_link_of_the_documentation_resolves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    let mut checked = 0;
    for doc in DOCS {
        let path = root.join(doc);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{doc} must exist: {e}"));
        for link in links(&text) {
            if link.starts_with("http://") || link.starts_with("https://") {
                continue;
            }
            checked += 1;
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target: PathBuf = if file.is_empty() {
                path.clone()
            } else {
                path.parent().unwrap().join(file)
            };
            if !target.exists() {
                broken.push(format!("{doc}: {link} (no such file)"));
                continue;
            }
            if !anchor.is_empty() {
                let text = std::fs::read_to_string(&target).unwrap_or_default();
                if !anchors(&text).iter().any(|a| a == anchor) {
                    broken.push(format!("{doc}: {link} (no such heading)"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(
        checked >= 5,
        "only {checked} links checked: is the parser finding them?"
    );
}

#[test]
fn anchors_are_made_as_github_makes_them() {
    assert_eq!(
        slug(" Which amount a threshold is tested on"),
        "which-amount-a-threshold-is-tested-on"
    );
    assert_eq!(slug(" `item_discount` (stage 1)"), "item_discount-stage-1");
    assert_eq!(slug(" Allocation (优惠分摊)"), "allocation-优惠分摊");
}

/// What `cargo` prints for `args`, run in the crate's directory.
fn cargo(args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "cargo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `1.85`, `1.85.0` → (1, 85, 0).
fn version(v: &str) -> (u32, u32, u32) {
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap());
    let mut next = || parts.next().unwrap_or(0);
    (next(), next(), next())
}

/// The newest `rust-version` among the packages `cargo tree` lists for
/// `args` (edges and features), youhui's own included.
fn newest_rust_version(
    rust_versions: &std::collections::HashMap<(String, String), String>,
    args: &[&str],
) -> ((u32, u32, u32), String) {
    let tree = cargo(&[&["tree", "--locked", "--prefix", "none", "-f", "{p}"], args].concat());
    tree.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?.to_string();
            let v = words.next()?.trim_start_matches('v').to_string();
            let rust = rust_versions.get(&(name.clone(), v.clone()))?;
            Some((version(rust), format!("{name} {v} (rust-version {rust})")))
        })
        .max()
        .expect("cargo tree lists packages")
}

/// The minimum Rust versions the README states are what `Cargo.lock` needs:
/// the newest `rust-version` of every package each build compiles (the
/// library alone, the binary, the `proptest` feature, the tests). Reads
/// `cargo metadata` and `cargo tree`: no other toolchain is needed. Run by
/// CI (`.ci/run`); ignored by plain `cargo test`, as it runs cargo.
#[test]
#[ignore = "runs cargo: CI runs it with --ignored"]
fn the_stated_minimum_rust_versions_are_what_the_lock_file_needs() {
    let host = cargo(&["-vV"]);
    let host = host
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("cargo -vV names the host")
        .to_string();
    let meta: serde_json::Value = serde_json::from_str(&cargo(&[
        "metadata",
        "--locked",
        "--format-version",
        "1",
        "--filter-platform",
        &host,
    ]))
    .unwrap();
    let rust_versions: std::collections::HashMap<(String, String), String> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            Some((
                (p["name"].as_str()?.into(), p["version"].as_str()?.into()),
                p["rust_version"].as_str()?.into(),
            ))
        })
        .collect();
    let declared = rust_versions
        .iter()
        .find(|((name, _), _)| name == "youhui")
        .map(|(_, v)| v.clone())
        .expect("Cargo.toml states a rust-version");
    let normal = ["-e", "normal,build"];
    let library = newest_rust_version(
        &rust_versions,
        &[&normal[..], &["--no-default-features"]].concat(),
    );
    let binary = newest_rust_version(&rust_versions, &normal);
    let proptest = newest_rust_version(
        &rust_versions,
        &[
            &normal[..],
            &["--no-default-features", "--features", "proptest"],
        ]
        .concat(),
    );
    let tests = newest_rust_version(&rust_versions, &["-e", "normal,build,dev"]);
    // `rust-version` must not promise less than a dependency of the default
    // build (the library and the binary) asks.
    assert!(
        version(&declared) >= library.0.max(binary.0),
        "Cargo.toml's rust-version {declared} is older than {} / {} need",
        library.1,
        binary.1
    );
    let show = |v: (u32, u32, u32)| format!("{}.{}", v.0, v.1);
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let at = readme
        .find("minimum supported Rust version")
        .expect("the README states the minimum Rust version");
    let stated: Vec<&str> = readme[at..]
        .split("**")
        .skip(1)
        .step_by(2)
        .take(3)
        .collect();
    let expected = [
        show(version(&declared).max(library.0).max(binary.0)),
        show(version(&declared).max(proptest.0)),
        show(version(&declared).max(tests.0)),
    ];
    assert_eq!(
        stated, expected,
        "README: library and binary, with proptest, the tests; newest: {} / {} / {}",
        binary.1, proptest.1, tests.1
    );
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A user has the reference (docs/REFERENCE.md, in the API docs as
/// `youhui::_documentation::reference`), never the team's contract: the
/// documentation and the API docs point at the reference's headings, not at
/// numbered sections (`§7`) no document in the repository has.
#[test]
fn no_documentation_points_at_numbered_sections() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = [
        "README.md",
        "DESIGN.md",
        "BENCHMARKS.md",
        "docs/REFERENCE.md",
    ]
    .iter()
    .map(|f| root.join(f))
    .collect();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("examples"), &mut files);
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.contains('§') {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(files.len() > 20, "only {} files read", files.len());
    assert!(
        found.is_empty(),
        "refer to the reference's headings instead:\n{}",
        found.join("\n")
    );
}
