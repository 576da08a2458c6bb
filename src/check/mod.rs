//! `youhui check`: a merchant's promotion reviewer. Every error of a rules
//! file, and the warnings a back-office acts on before the rules go live:
//!
//! - [`tiers`]: too many tiers, a tier that gives less than the one below;
//! - [`flash`]: 限时折扣 against the platform tool's limits and the member prices;
//! - [`nth`]: a 第N件X折 that a plain fold on its SKUs always beats;
//! - [`shop_facts`]: rules against the shop facts file (客单价, deepest fold, list prices);
//! - [`promises`]: rules that can never do what they seem to.
//!
//! The result is a [`Report`], the JSON of `youhui check --json`.

mod facts;
mod flash;
mod nth;
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
/// // A misspelt field is named by its promotion's id, and the closest field suggested.
/// assert_eq!(report.errors[0].location, "promotion \"a\"");
/// assert!(report.errors[0].message.contains("did you mean `amount_off`?"));
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
    let envelope = crate::model::from_json_checks(text, crate::error::File::Rules)
        .and_then(|()| crate::model::read::<Envelope<'_>>(text, crate::error::File::Rules));
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
        let start = Position::default().of(text, raw.get());
        match crate::model::read_part(raw.get(), start, crate::error::File::Rules, "settings") {
            Ok(s) => rules.settings = s,
            Err(e) => errors.push(e),
        }
    }
    let mut index = Vec::with_capacity(envelope.promotions.len());
    // The promotions come in file order: their positions are counted in one pass.
    let mut at = Position::default();
    for (i, raw) in envelope.promotions.iter().enumerate() {
        let start = at.of(text, raw.get());
        match crate::model::read_part(
            raw.get(),
            start,
            crate::error::File::Rules,
            &format!("promotions[{i}]"),
        ) {
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

/// A place in a text, moved forward to each part read: counting the lines
/// before every part from the file's start made `check` quadratic in its
/// shape errors (100,000 took 37 s).
#[derive(Default)]
struct Position {
    /// Bytes of the text passed.
    offset: usize,
    /// The line at `offset` (0-based) and the byte where it starts.
    line: usize,
    line_start: usize,
}

impl Position {
    /// The (line, column), 1-based and in bytes, at which `part` (a slice of
    /// `text` at or after the place reached) starts.
    fn of(&mut self, text: &str, part: &str) -> (usize, usize) {
        let offset = (part.as_ptr() as usize)
            .saturating_sub(text.as_ptr() as usize)
            .min(text.len());
        if offset < self.offset {
            *self = Position::default();
        }
        let passed = &text.as_bytes()[self.offset..offset];
        for (k, &b) in passed.iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.offset + k + 1;
            }
        }
        self.offset = offset;
        (self.line + 1, offset - self.line_start + 1)
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
    nth::review(&rules.promotions, passed, &mut out);
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
