//! `youhui check`: every error and warning of a rules file.

use crate::error::Error;
use crate::model::Rules;
use crate::rules::compiler;

/// A merchant rule of thumb that a rules file breaks (never an error).
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[{"id":"mj","type":"threshold","shop":"tea",
///   "tiers":[{"min_amount":"100","amount_off":"20"},{"min_amount":"200","amount_off":"20"}]}]}"#).unwrap();
/// let report = youhui::check(&rules);
/// assert!(report.errors.is_empty());
/// assert_eq!(report.warnings[0].promotion, "mj");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The promotion's id.
    pub promotion: String,
    /// What to reconsider.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "promotion {:?}: {}", self.promotion, self.message)
    }
}

/// Every error and warning of a rules file (what `youhui check` prints).
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[
///   {"id":"a","type":"rebate","shop":"tea"},
///   {"id":"a","type":"platform_coupon","shop":"tea","amount_off":"5"}]}"#).unwrap();
/// let report = youhui::check(&rules);
/// assert_eq!(report.errors.len(), 3); // max_ratio missing, id reused, shop on a platform coupon
/// ```
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Mistakes: [`Engine::new`](crate::Engine::new) refuses the file while there is one.
    pub errors: Vec<Error>,
    /// Rules of thumb the file breaks.
    pub warnings: Vec<Warning>,
}

/// Checks a rules file and returns every error and warning, not only the first.
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[]}"#).unwrap();
/// assert!(youhui::check(&rules).errors.is_empty());
/// ```
pub fn check(rules: &Rules) -> Report {
    let (_, errors, warnings) = compiler::check(rules, None);
    Report { errors, warnings }
}

/// Checks a rules file from its text and returns every error and warning:
/// each promotion is read on its own, so the shape errors of several
/// promotions (a typo in one field, a bad amount in another) are all
/// reported, each with its place in the file; then the promotions that read
/// are checked as [`check`] checks them.
///
/// ```
/// let report = youhui::check_json(r#"{"promotions":[
///     {"id":"a","type":"shop_coupon","shop":"tea","amout_off":"5"},
///     {"id":"b","type":"shop_coupon","shop":"tea","amount_off":"5.001"},
///     {"id":"c","type":"rebate","shop":"tea"}]}"#);
/// assert_eq!(report.errors.len(), 3);
/// assert_eq!(report.errors[0].location(), "rules file, promotions[0].amout_off");
/// assert_eq!(report.errors[1].location(), "rules file, promotions[1].amount_off");
/// assert_eq!(report.errors[2].location(), "promotion \"c\"");
/// ```
pub fn check_json(rules_json: &str) -> Report {
    let mut report = Report::default();
    let text = rules_json.strip_prefix('\u{feff}').unwrap_or(rules_json);
    // The envelope: its own shape; each promotion kept as its text.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Envelope<'a> {
        #[serde(borrow, default)]
        settings: Option<&'a serde_json::value::RawValue>,
        #[serde(borrow)]
        promotions: Vec<&'a serde_json::value::RawValue>,
    }
    let envelope = crate::model::from_json_checks(text, "rules")
        .and_then(|()| crate::model::read::<Envelope<'_>>(text, "rules"));
    let envelope = match envelope {
        Ok(e) => e,
        Err(e) => {
            report.errors.push(e);
            return report;
        }
    };
    let mut rules = Rules::default();
    if let Some(raw) = envelope.settings {
        match crate::model::read_part(raw.get(), text, "rules", "settings") {
            Ok(s) => rules.settings = s,
            Err(e) => report.errors.push(e),
        }
    }
    let mut index = Vec::with_capacity(envelope.promotions.len());
    for (i, raw) in envelope.promotions.iter().enumerate() {
        match crate::model::read_part(raw.get(), text, "rules", &format!("promotions[{i}]")) {
            Ok(p) => {
                rules.promotions.push(p);
                index.push(i);
            }
            Err(e) => report.errors.push(e),
        }
    }
    let (_, errors, warnings) = compiler::check(&rules, Some(&index));
    report.errors.extend(errors);
    report.warnings = warnings;
    report
}
