//! axe-core, the accessibility engine, run in the browser on every page the journeys reach:
//! a serious or critical violation fails the test. axe-core is a test tool installed from npm
//! into `crates/essaim/tests/axe` (`npm ci` there; `.ci/run` does it) and injected into the page
//! under test by the WebDriver: the app never serves it.

use std::path::Path;
use std::sync::OnceLock;

use fantoccini::Client;
use serde::Deserialize;

use super::browser_required;

const AXE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/axe/node_modules/axe-core/axe.min.js"
);

/// The script, read once; `None` (with a notice) where it is not installed and the browser
/// tests are not required.
fn axe_source() -> Option<&'static str> {
    static SOURCE: OnceLock<Option<String>> = OnceLock::new();
    SOURCE
        .get_or_init(|| {
            if Path::new(AXE).exists() {
                return Some(std::fs::read_to_string(AXE).expect("axe.min.js reads"));
            }
            assert!(
                !browser_required(),
                "ESSAIM_REQUIRE_BROWSER is set but {AXE} is missing: run `npm ci` in crates/essaim/tests/axe"
            );
            eprintln!("NOTICE: accessibility checks skipped (run `npm ci` in crates/essaim/tests/axe)");
            None
        })
        .as_deref()
}

#[derive(Deserialize)]
struct Violation {
    id: String,
    impact: String,
    help: String,
    #[serde(rename = "helpUrl")]
    help_url: String,
    nodes: Vec<Node>,
}

#[derive(Deserialize)]
struct Node {
    target: Vec<serde_json::Value>,
    html: String,
    #[serde(rename = "failureSummary")]
    failure_summary: Option<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "[{}] {}: {} ({})",
            self.impact, self.id, self.help, self.help_url
        )?;
        for node in &self.nodes {
            let target: Vec<String> = node.target.iter().map(|t| t.to_string()).collect();
            writeln!(f, "    at {}: {}", target.join(" "), node.html)?;
            for line in node.failure_summary.iter().flat_map(|s| s.lines()) {
                writeln!(f, "        {line}")?;
            }
        }
        Ok(())
    }
}

/// Runs axe-core on the page on screen and fails on any serious or critical violation, listing
/// each with the elements at fault and what would fix them.
pub async fn assert_accessible(browser: &Client) {
    let Some(source) = axe_source() else { return };
    // The page may be one that a click has just asked for: wait until it is loaded.
    browser
        .wait()
        .for_element(fantoccini::Locator::Css("main"))
        .await
        .unwrap();
    browser
        .execute(source, vec![])
        .await
        .expect("axe-core loads in the page");
    let found = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then((results) => done(results.violations.filter((v) =>
                 v.impact === 'serious' || v.impact === 'critical')))
               .catch((error) => done([{ id: 'axe-error', impact: 'critical', help: String(error),
                 helpUrl: '', nodes: [] }]));",
            vec![],
        )
        .await
        .expect("axe-core runs");
    let violations: Vec<Violation> = serde_json::from_value(found).expect("axe-core's results");
    let url = browser.current_url().await.unwrap();
    assert!(
        violations.is_empty(),
        "{} serious or critical accessibility violation(s) on {url}:\n{}",
        violations.len(),
        violations
            .iter()
            .map(ToString::to_string)
            .collect::<String>()
    );
}
