//! Chart legends drawn on the canvas. plotters' own series legend sizes its box by
//! measuring every label through the page layout; this one measures with the canvas
//! (see [`super::canvas_backend`]) and draws the same box: marks on the left, labels
//! on the right, on a translucent background in the plot's upper-left corner.

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

/// The legend box's colours.
pub struct LegendStyle<'a> {
    /// Label font.
    pub font: &'a TextStyle<'a>,
    /// Box background.
    pub background: RGBAColor,
    /// Box border.
    pub border: RGBColor,
    /// Device pixels per CSS pixel.
    pub dpr: f64,
}

/// Draws `entries` in a box whose upper-left corner is `corner` (device pixels).
pub fn draw(
    root: &DrawingArea<Canvas, Shift>,
    corner: (i32, i32),
    entries: &[Entry],
    style: &LegendStyle,
) -> Result<(), Box<dyn std::error::Error>> {
    if entries.is_empty() {
        return Ok(());
    }
    let px = |css: f64| (css * style.dpr).round() as i32;
    let (pad, mark_w, gap) = (px(6.0), px(18.0), px(6.0));
    let row_h = (style.font.font.get_size() * 1.35).round() as i32;
    let mut text_w = 0;
    for e in entries {
        let (w, _) = root.estimate_text_size(&e.label, style.font)?;
        text_w = text_w.max(w as i32);
    }
    let (x, y) = (corner.0 + px(6.0), corner.1 + px(6.0));
    let (w, h) = (
        pad * 2 + mark_w + gap + text_w,
        pad * 2 + row_h * entries.len() as i32,
    );
    root.draw(&Rectangle::new(
        [(x, y), (x + w, y + h)],
        style.background.filled(),
    ))?;
    root.draw(&Rectangle::new([(x, y), (x + w, y + h)], style.border))?;
    let label_font = style.font.pos(Pos::new(HPos::Left, VPos::Center));
    let marker = px(3.5);
    for (i, e) in entries.iter().enumerate() {
        let cy = y + pad + row_h * i as i32 + row_h / 2;
        let (x0, x1) = (x + pad, x + pad + mark_w);
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
    }
    Ok(())
}
