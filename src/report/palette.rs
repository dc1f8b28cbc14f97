//! The colours and fills of the charts' categories, for every reader.
//!
//! A chart of the types of need has nine categories, more than any set of
//! colours keeps apart for every kind of colour blindness while each still
//! stands out from a white page. So each category gets a colour and, where
//! its colour comes close to an earlier category's for some reader, a
//! pattern drawn over it (white stripes or dots) that the close one does not
//! have. Which colours are close is not a list kept by hand: it is computed
//! here, from the colours, by simulating the three dichromacies (Machado,
//! Oliveira and Fernandes, 2009, severity 1) and measuring the distance in
//! CIELAB. Change a colour and the patterns follow.
//!
//! Pure: no I/O. The web page, the PDF and the workbook read the same
//! [`fill`].

/// Colours that stay apart for the common kinds of colour blindness as far
/// as colours can (Okabe and Ito's, the orange darkened and the sky blue
/// replaced by Tol's wine), then a few more for long legends. Each stands
/// out from the white page by at least 3:1, as WCAG 2.1 asks of the parts of
/// a chart (1.4.11); stacked segments are parted by a white line, so that
/// each meets the page rather than its neighbour.
pub const COLOURS: [&str; 12] = [
    "#0072B2", "#B86E00", "#009E73", "#CC79A7", "#882255", "#D55E00", "#8C6D1F", "#000000",
    "#737373", "#6A3D9A", "#B15928", "#1B9E77",
];

/// Two colours nearer than this (CIE76 ΔE, for the reader who sees them
/// nearest) are told apart by a pattern. Colours 15 apart are still told
/// apart side by side in a chart's small segments; nearer ones are the
/// orange and vermilion a protanope sees alike (ΔE about 2).
pub const CLOSE: f64 = 15.0;

/// What is drawn over a category's colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    Solid,
    /// White stripes rising to the right.
    Stripes,
    /// White dots.
    Dots,
    /// White stripes crossing.
    Cross,
    /// White lines across.
    Lines,
}

/// The colour and pattern of the `k`-th category of a chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fill {
    pub colour: &'static str,
    pub pattern: Pattern,
}

/// The fill of category `k`: its colour, and the first pattern that no
/// earlier category close to it in colour has taken.
pub fn fill(k: usize) -> Fill {
    FILLS[k % COLOURS.len()]
}

static FILLS: std::sync::LazyLock<[Fill; COLOURS.len()]> = std::sync::LazyLock::new(fills);

fn fills() -> [Fill; COLOURS.len()] {
    const ORDER: [Pattern; 5] = [
        Pattern::Solid,
        Pattern::Stripes,
        Pattern::Dots,
        Pattern::Cross,
        Pattern::Lines,
    ];
    let mut out = [Fill {
        colour: COLOURS[0],
        pattern: Pattern::Solid,
    }; COLOURS.len()];
    for k in 0..COLOURS.len() {
        let taken: Vec<Pattern> = (0..k)
            .filter(|&j| nearest(COLOURS[j], COLOURS[k]) < CLOSE)
            .map(|j| out[j].pattern)
            .collect();
        out[k] = Fill {
            colour: COLOURS[k],
            pattern: ORDER
                .into_iter()
                .find(|p| !taken.contains(p))
                .expect("five patterns keep the palette's close colours apart"),
        };
    }
    out
}

/// The distance between two colours for the reader who sees them nearest:
/// normal vision, protanopia, deuteranopia or tritanopia.
pub fn nearest(a: &str, b: &str) -> f64 {
    VISIONS
        .iter()
        .map(|m| {
            let (x, y) = (lab(seen(rgb(a), m)), lab(seen(rgb(b), m)));
            ((x[0] - y[0]).powi(2) + (x[1] - y[1]).powi(2) + (x[2] - y[2]).powi(2)).sqrt()
        })
        .fold(f64::INFINITY, f64::min)
}

/// The steps of a sequential scale (a heat map's cells), from the
/// lightest to the darkest: one hue, ColorBrewer's "Blues", so that the
/// order is read from lightness alone, which every kind of colour vision
/// keeps (the tests check that each step is darker than the last for every
/// reader). An empty cell is white, no step of the scale.
pub const SEQUENTIAL: [&str; 6] = [
    "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C",
];

/// The step of `count` on a scale up to `largest`: None for nothing, else
/// one of [`SEQUENTIAL`], the largest count on the darkest.
pub fn sequential(count: u32, largest: u32) -> Option<&'static str> {
    if count == 0 || largest == 0 {
        return None;
    }
    let steps = SEQUENTIAL.len() as u64;
    let step = (u64::from(count) * steps).div_ceil(u64::from(largest.max(count)));
    Some(SEQUENTIAL[(step.clamp(1, steps) - 1) as usize])
}

/// The ink a figure is written in on `fill`: black or white, whichever
/// stands out more (WCAG 2.1 contrast).
pub fn ink_on(fill: &str) -> &'static str {
    if contrast(fill, "#000000") >= contrast(fill, "#FFFFFF") {
        "#000000"
    } else {
        "#FFFFFF"
    }
}

/// The WCAG 2.1 contrast ratio of two colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let c = rgb(hex);
        0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The lightness (CIELAB L*) of a colour as the reader of `vision`
/// (0 normal, 1 to 3 the dichromacies) sees it.
#[cfg(test)]
fn lightness(hex: &str, vision: usize) -> f64 {
    lab(seen(rgb(hex), &VISIONS[vision]))[0]
}

type Matrix = [[f64; 3]; 3];

/// Normal vision, then Machado et al.'s matrices at severity 1 for
/// protanopia, deuteranopia and tritanopia, applied to linear RGB.
const VISIONS: [Matrix; 4] = [
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
    [
        [0.152_286, 1.052_583, -0.204_868],
        [0.114_503, 0.786_281, 0.099_216],
        [-0.003_882, -0.048_116, 1.051_998],
    ],
    [
        [0.367_322, 0.860_646, -0.227_968],
        [0.280_085, 0.672_501, 0.047_413],
        [-0.011_820, 0.042_940, 0.968_881],
    ],
    [
        [1.255_528, -0.076_749, -0.178_779],
        [-0.078_411, 0.930_809, 0.147_602],
        [0.004_733, 0.691_367, 0.303_900],
    ],
];

/// A `#rrggbb` colour as linear RGB.
fn rgb(hex: &str) -> [f64; 3] {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    [channel(1), channel(3), channel(5)]
}

fn seen(c: [f64; 3], m: &Matrix) -> [f64; 3] {
    let row = |r: &[f64; 3]| (r[0] * c[0] + r[1] * c[1] + r[2] * c[2]).clamp(0.0, 1.0);
    [row(&m[0]), row(&m[1]), row(&m[2])]
}

/// Linear sRGB to CIELAB under D65.
fn lab(c: [f64; 3]) -> [f64; 3] {
    let x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.950_47;
    let y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    let z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.088_83;
    let f = |t: f64| {
        if t > 216.0 / 24_389.0 {
            t.cbrt()
        } else {
            (24_389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

#[cfg(test)]
mod tests {
    use super::{
        CLOSE, COLOURS, Pattern, SEQUENTIAL, VISIONS, contrast, fill, ink_on, lightness, nearest,
        sequential,
    };

    #[test]
    fn the_sequential_scale_darkens_step_by_step_for_every_reader() {
        for vision in 0..VISIONS.len() {
            for pair in SEQUENTIAL.windows(2) {
                let (a, b) = (lightness(pair[0], vision), lightness(pair[1], vision));
                assert!(
                    a - b > 5.0,
                    "vision {vision}: {} ({a:.1}) and {} ({b:.1})",
                    pair[0],
                    pair[1]
                );
            }
        }
        // The figure in a cell is readable on every step (WCAG 1.4.3).
        for step in SEQUENTIAL {
            assert!(contrast(step, ink_on(step)) >= 4.5, "{step}");
        }
        assert_eq!(sequential(0, 9), None);
        assert_eq!(sequential(9, 9), Some(SEQUENTIAL[5]));
        assert_eq!(sequential(1, 600), Some(SEQUENTIAL[0]));
        assert_eq!(sequential(5, 10), Some(SEQUENTIAL[2]));
    }

    #[test]
    fn every_two_categories_differ_in_colour_or_pattern_for_every_reader() {
        for a in 0..COLOURS.len() {
            for b in a + 1..COLOURS.len() {
                let (fa, fb) = (fill(a), fill(b));
                assert!(
                    fa.pattern != fb.pattern || nearest(fa.colour, fb.colour) >= CLOSE,
                    "categories {a} and {b}: {} and {} look alike and share {:?}",
                    fa.colour,
                    fb.colour,
                    fa.pattern
                );
            }
        }
    }

    #[test]
    fn the_simulation_finds_the_pairs_a_protanope_confuses() {
        // Okabe and Ito's vermilion and a dark orange differ in hue for most
        // readers and hardly at all without red cones.
        assert!(nearest("#B86E00", "#D55E00") < 5.0);
        assert!(nearest("#0072B2", "#B86E00") > CLOSE);
        assert_eq!(nearest("#123456", "#123456"), 0.0);
        // The first category is always plain, and patterns are few: most
        // categories keep their plain colour.
        assert_eq!(fill(0).pattern, Pattern::Solid);
        let patterned = (0..9).filter(|&k| fill(k).pattern != Pattern::Solid);
        assert!(patterned.count() <= 3);
    }
}
