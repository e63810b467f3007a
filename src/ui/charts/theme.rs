//! Chart colours for the light and dark themes.

use plotters::style::RGBColor;

/// The colours a chart draws with.
pub(super) struct Palette {
    pub(super) bg: RGBColor,
    pub(super) fg: RGBColor,
    pub(super) grid: RGBColor,
    pub(super) a: RGBColor,
    pub(super) b: RGBColor,
    pub(super) c: RGBColor,
    pub(super) buy: RGBColor,
    pub(super) sell: RGBColor,
    pub(super) muted: RGBColor,
}

/// The palette for the theme.
pub(super) fn palette(dark: bool) -> Palette {
    if dark {
        Palette {
            bg: RGBColor(22, 27, 34),
            fg: RGBColor(201, 209, 217),
            grid: RGBColor(48, 54, 61),
            a: RGBColor(88, 166, 255),
            b: RGBColor(255, 166, 87),
            c: RGBColor(188, 140, 255),
            buy: RGBColor(63, 185, 80),
            sell: RGBColor(248, 81, 73),
            muted: RGBColor(110, 118, 129),
        }
    } else {
        Palette {
            bg: RGBColor(255, 255, 255),
            fg: RGBColor(36, 41, 47),
            grid: RGBColor(234, 238, 242),
            a: RGBColor(9, 105, 218),
            b: RGBColor(188, 76, 0),
            c: RGBColor(130, 80, 223),
            buy: RGBColor(26, 127, 55),
            sell: RGBColor(207, 34, 46),
            muted: RGBColor(140, 149, 159),
        }
    }
}

/// Background and text colours for the theme.
pub(crate) fn theme_colours(dark: bool) -> (RGBColor, RGBColor) {
    if dark {
        (RGBColor(22, 27, 34), RGBColor(201, 209, 217))
    } else {
        (RGBColor(255, 255, 255), RGBColor(36, 41, 47))
    }
}
