//! `youhui check`: a merchant's promotion reviewer. Every error of a rules
//! file, and the warnings a back-office acts on before the rules go live:
//!
//! - [`tiers`]: too many tiers, a tier that gives less than the one below;
//! - [`flash`]: 限时折扣 against the platform tool's limits and the member prices;
//! - [`shop_facts`]: rules against the shop facts file (客单价, deepest fold, list prices);
//! - [`promises`]: rules that can never do what they seem to.
//!
//! The result is a [`Report`], the JSON of `youhui check --json`.

mod facts;
mod flash;
mod promises;
mod report;
mod shop_facts;
mod tiers;

pub use facts::{Facts, ShopFacts, ShopStage};
pub use flash::MAX_LISTED_PER_CODE;
pub use report::{CheckError, Code, Report, Warning};

use crate::error::Error;
use crate::limits;
use crate::model::Rules;
use crate::rules::compiler;

/// Checks a rules file, and with `facts` the rules against the shops' facts:
/// every error and every warning, not only the first.
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[
///   {"id":"a","type":"rebate","shop":"tea"},
///   {"id":"a","type":"platform_coupon","shop":"tea","amount_off":"5"}]}"#).unwrap();
/// let report = youhui::check(&rules, None);
/// assert_eq!(report.errors.len(), 3); // max_ratio missing, id reused, shop on a platform coupon
///
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[{"id":"mj","type":"threshold",
///   "shop":"tea","tiers":[{"min_amount":"1000","amount_off":"100"}]}]}"#).unwrap();
/// let facts = youhui::Facts::from_json(r#"{"shops":{"tea":{"average_order_value":"150"}}}"#).unwrap();
/// let report = youhui::check(&rules, Some(&facts));
/// assert_eq!(report.warnings[0].code, youhui::Code::ThresholdVsAov);
/// ```
pub fn check(rules: &Rules, facts: Option<&Facts>) -> Report {
    let (_, errors, passed) = compiler::check(rules, None);
    Report {
        errors: errors.iter().map(CheckError::from).collect(),
        warnings: warnings(rules, &passed, facts),
    }
}

/// Checks a rules file from its text: each promotion is read on its own, so
/// the shape errors of several promotions (a typo in one field, a bad amount
/// in another) are all reported, each with its place in the file; then the
/// promotions that read are checked as [`check`] checks them.
///
/// ```
/// let report = youhui::check_json(r#"{"promotions":[
///     {"id":"a","type":"shop_coupon","shop":"tea","amout_off":"5"},
///     {"id":"b","type":"shop_coupon","shop":"tea","amount_off":"5.001"},
///     {"id":"c","type":"rebate","shop":"tea"}]}"#, None);
/// assert_eq!(report.errors.len(), 3);
/// assert_eq!(report.errors[0].location, "rules file, promotions[0].amout_off");
/// assert_eq!(report.errors[1].location, "rules file, promotions[1].amount_off");
/// assert_eq!(report.errors[2].location, "promotion \"c\"");
/// ```
pub fn check_json(rules_json: &str, facts: Option<&Facts>) -> Report {
    let mut errors: Vec<Error> = Vec::new();
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
            return Report {
                errors: vec![CheckError::from(&e)],
                warnings: Vec::new(),
            }
        }
    };
    let mut rules = Rules::default();
    if let Some(raw) = envelope.settings {
        match crate::model::read_part(raw.get(), text, "rules", "settings") {
            Ok(s) => rules.settings = s,
            Err(e) => errors.push(e),
        }
    }
    let mut index = Vec::with_capacity(envelope.promotions.len());
    for (i, raw) in envelope.promotions.iter().enumerate() {
        match crate::model::read_part(raw.get(), text, "rules", &format!("promotions[{i}]")) {
            Ok(p) => {
                rules.promotions.push(p);
                index.push(i);
            }
            Err(e) => errors.push(e),
        }
    }
    let (_, more, passed) = compiler::check(&rules, Some(&index));
    errors.extend(more);
    Report {
        errors: errors.iter().map(CheckError::from).collect(),
        warnings: warnings(&rules, &passed, facts),
    }
}

/// `repeat_day_missing`: a 会员日 on the 29th, 30th or 31st skips the
/// months that have no such day (contract v3).
fn repeat_days(p: &crate::model::Promotion, out: &mut Vec<Warning>) {
    let days = p
        .valid
        .as_ref()
        .and_then(|v| v.repeat.as_ref())
        .and_then(|r| r.monthly_days.as_ref());
    let missing: Vec<String> = days
        .into_iter()
        .flatten()
        .filter(|&&d| d >= 29)
        .map(u8::to_string)
        .collect();
    if !missing.is_empty() {
        out.push(Warning::new(
            Code::RepeatDayMissing,
            vec![p.id.clone()],
            format!(
                "repeat.monthly_days lists day {}, which some months do not have: the promotion does not happen in those months (February has no 30th); add the last day of the month if it should",
                missing.join(", ")
            ),
        ));
    }
}

/// Every warning of the promotions `passed` (those with no error), sorted
/// by code, then promotions, then month.
fn warnings(rules: &Rules, passed: &[usize], facts: Option<&Facts>) -> Vec<Warning> {
    let mut out = Vec::new();
    for &k in passed {
        let p = &rules.promotions[k];
        tiers::review(p, &mut out);
        promises::review(p, &mut out);
        repeat_days(p, &mut out);
        if let Some(facts) = facts {
            shop_facts::review(p, facts, &mut out);
        }
    }
    let mut work = limits::MAX_CHECK_WORK;
    flash::review(&rules.promotions, passed, &mut work, &mut out);
    // A code's summary of warnings not listed (`more`) comes after those listed.
    out.sort_by(|a, b| {
        (a.code.as_str(), a.more.is_some(), &a.promotions, &a.month).cmp(&(
            b.code.as_str(),
            b.more.is_some(),
            &b.promotions,
            &b.month,
        ))
    });
    out
}
