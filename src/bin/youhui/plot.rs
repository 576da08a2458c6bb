//! `youhui simulate --plot FILE.svg`: per shop, a histogram of the shop's
//! original per cart, with each `min_amount` tier of its offers and the
//! 10 %–30 % band above its 客单价 marked (reference: [What-if over past orders](youhui::_documentation::reference#what-if-over-past-orders-youhui-simulate)).
//!
//! Coordinates are drawn as `f64`: this is a picture, never a money path;
//! every figure it shows comes from the exact report.

use std::path::Path;

use plotters::prelude::*;
use youhui::simulate::Histogram;
use youhui::SimulationReport;

use crate::Failure;

/// About this many bars per shop.
const BARS: i64 = 40;
const PANEL_HEIGHT: u32 = 300;

pub(crate) fn draw(path: &Path, report: &SimulationReport) -> Result<(), Failure> {
    let fail = |e: String| Failure::Other(format!("cannot draw {}: {e}", path.display()));
    let panels = report.histograms.len().max(1);
    let height = u32::try_from(panels)
        .unwrap_or(u32::MAX)
        .saturating_mul(PANEL_HEIGHT);
    let root = SVGBackend::new(path, (960, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
    if report.histograms.is_empty() {
        root.titled("no cart was priced", ("sans-serif", 20))
            .map_err(|e| fail(e.to_string()))?;
    }
    for (h, area) in report
        .histograms
        .iter()
        .zip(root.split_evenly((panels, 1)).iter())
    {
        panel(h, area).map_err(fail)?;
    }
    root.present().map_err(|e| fail(e.to_string()))
}

/// A bar width in whole yuan: 1, 2 or 5 × 10^k, so that about [`BARS`] bars
/// cover `0..top` yuan.
fn bar_width(top: i64) -> i64 {
    let want = (top / BARS).max(1);
    let mut unit = 1i64;
    loop {
        for step in [1, 2, 5] {
            let w = unit.saturating_mul(step);
            if w >= want {
                return w;
            }
        }
        unit = unit.saturating_mul(10);
    }
}

fn yuan(fen: i128) -> f64 {
    fen as f64 / 100.0
}

fn panel(
    h: &Histogram,
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
) -> Result<(), String> {
    let carts: u64 = h.carts.iter().map(|&(_, n)| n).sum();
    let aov = h.average_original.fen();
    let (band_lo, band_hi) = (aov * 11 / 10, aov * 13 / 10);
    // Each count is of a bucket of fen (exact below ¥100, four significant
    // digits above): a bucket is drawn in the bar holding its start.
    let top_fen = h
        .carts
        .last()
        .map_or(0, |&(start, _)| i128::from(start) + 100)
        .max(h.thresholds.last().map_or(0, |t| i128::from(t.fen())))
        .max(band_hi);
    let top = i64::try_from(top_fen.div_euclid(100) + 1).unwrap_or(i64::MAX);
    let width = bar_width(top);
    let mut bars: Vec<(i64, u64)> = Vec::new();
    for &(fen, n) in &h.carts {
        let start = fen.div_euclid(100).div_euclid(width).saturating_mul(width);
        match bars.last_mut() {
            Some(last) if last.0 == start => last.1 += n,
            _ => bars.push((start, n)),
        }
    }
    let y_max = bars.iter().map(|&(_, n)| n).max().unwrap_or(0).max(1);
    let x_max = (top as f64) * 1.05;
    let caption = format!(
        "{} — {carts} carts, 客单价 ¥{} (¥{width} bars)",
        h.shop, h.average_original
    );
    let mut chart = ChartBuilder::on(area)
        .caption(caption, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..x_max, 0u64..y_max + y_max / 10 + 1)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc("original per cart (¥)")
        .y_desc("carts")
        .draw()
        .map_err(|e| e.to_string())?;
    let y_top = y_max + y_max / 10 + 1;
    if aov > 0 {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(yuan(band_lo), 0), (yuan(band_hi), y_top)],
                GREEN.mix(0.15).filled(),
            )))
            .map_err(|e| e.to_string())?
            .label("10–30 % above 客单价 (满减门槛)")
            .legend(|(x, y)| {
                Rectangle::new([(x, y - 5), (x + 12, y + 5)], GREEN.mix(0.3).filled())
            });
    }
    chart
        .draw_series(bars.iter().map(|&(start, n)| {
            let x0 = start as f64;
            Rectangle::new([(x0, 0), (x0 + width as f64, n)], BLUE.mix(0.55).filled())
        }))
        .map_err(|e| e.to_string())?
        .label("carts")
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], BLUE.mix(0.55).filled()));
    if aov > 0 {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(yuan(aov), 0), (yuan(aov), y_top)],
                BLACK.stroke_width(1),
            )))
            .map_err(|e| e.to_string())?
            .label("客单价 (average order)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 12, y)], BLACK));
    }
    if !h.thresholds.is_empty() {
        chart
            .draw_series(h.thresholds.iter().map(|t| {
                let x = yuan(i128::from(t.fen()));
                PathElement::new(vec![(x, 0), (x, y_top)], RED.stroke_width(2))
            }))
            .map_err(|e| e.to_string())?
            .label("满减 tiers (min_amount)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 12, y)], RED.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::bar_width;

    #[test]
    fn bars_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(bar_width(0), 1);
        assert_eq!(bar_width(40), 1);
        assert_eq!(bar_width(41 * 2), 2);
        assert_eq!(bar_width(40 * 3), 5);
        assert_eq!(bar_width(40 * 7), 10);
        assert_eq!(bar_width(40 * 150), 200);
        assert_eq!(bar_width(i64::MAX), 500_000_000_000_000_000); // never loops forever
    }
}
