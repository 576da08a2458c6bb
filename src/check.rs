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
    let (_, errors, warnings) = compiler::check(rules);
    Report { errors, warnings }
}
