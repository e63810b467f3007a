//! Chart legends drawn on the canvas. plotters' own series legend sizes its box by
//! measuring every label through the page layout; this one measures with the canvas
//! (see [`super::canvas_backend`]). It is a strip of marks and labels above the plot,
//! outside the data, wrapping onto more rows on narrow screens.

use super::canvas_backend::Canvas;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How a legend entry's sample is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// A short line (a series).
    Line,
    /// A filled triangle (buy fills).
    Triangle,
    /// A filled dot (sell fills).
    Dot,
    /// A filled band (a shaded region).
    Band,
}

/// One legend row.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The text.
    pub label: String,
    /// The sample's shape.
    pub kind: MarkKind,
    /// The sample's colour and stroke width.
    pub style: ShapeStyle,
}

impl Entry {
    /// A row for a line drawn with `style`.
    pub fn line(label: &str, style: ShapeStyle) -> Entry {
        Entry::mark(label, MarkKind::Line, style)
    }

    /// A row with another kind of mark.
    pub fn mark(label: &str, kind: MarkKind, style: ShapeStyle) -> Entry {
        Entry {
            label: label.to_string(),
            kind,
            style,
        }
    }
}

/// The legend's look.
pub struct LegendStyle<'a> {
    /// Label font.
    pub font: &'a TextStyle<'a>,
    /// Device pixels per CSS pixel.
    pub dpr: f64,
}

/// Draws `entries` as a strip of rows above the plot, so that no legend covers the data:
/// left to right from `corner` (device pixels), wrapping to a new row when an entry would
/// pass `width`. Returns the strip's height in device pixels (0 without entries).
pub fn draw(
    root: &DrawingArea<Canvas, Shift>,
    corner: (i32, i32),
    width: i32,
    entries: &[Entry],
    style: &LegendStyle,
) -> Result<i32, Box<dyn std::error::Error>> {
    if entries.is_empty() {
        return Ok(0);
    }
    let px = |css: f64| (css * style.dpr).round() as i32;
    let (mark_w, gap, spacing) = (px(18.0), px(5.0), px(14.0));
    let row_h = (style.font.font.get_size() * 1.35).round() as i32;
    let label_font = style.font.pos(Pos::new(HPos::Left, VPos::Center));
    let marker = px(3.5);
    let (mut x, mut row) = (corner.0, 0);
    for e in entries {
        let (text_w, _) = root.estimate_text_size(&e.label, style.font)?;
        let item_w = mark_w + gap + text_w as i32;
        if x > corner.0 && x + item_w > corner.0 + width {
            x = corner.0;
            row += 1;
        }
        let cy = corner.1 + row_h * row + row_h / 2;
        let (x0, x1) = (x, x + mark_w);
        let cx = (x0 + x1) / 2;
        match e.kind {
            MarkKind::Line => root.draw(&PathElement::new(vec![(x0, cy), (x1, cy)], e.style))?,
            MarkKind::Triangle => root.draw(&TriangleMarker::new((cx, cy), marker, e.style))?,
            MarkKind::Dot => root.draw(&Circle::new((cx, cy), marker, e.style))?,
            MarkKind::Band => root.draw(&Rectangle::new(
                [(x0, cy - px(4.0)), (x1, cy + px(4.0))],
                e.style,
            ))?,
        }
        root.draw(&Text::new(
            e.label.clone(),
            (x1 + gap, cy),
            label_font.clone(),
        ))?;
        x += item_w + spacing;
    }
    Ok(row_h * (row + 1))
}
