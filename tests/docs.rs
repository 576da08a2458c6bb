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
