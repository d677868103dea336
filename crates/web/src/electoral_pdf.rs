//! The printable registration help sheet: one A4 page drawn from plain lines, repeated for as
//! many copies as asked. No I/O: the DejaVu Sans fonts are compiled in (`fonts/`, with their
//! licence), text (12.5 pt: some readers see poorly) is wrapped to the page width by the fonts'
//! own advance widths, and the whole sheet is scaled down if it would not fit one page. See docs/decisions/0018-electoral-pdf.md.

use std::sync::LazyLock;

use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    TextItem,
};

const REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// The fonts, parsed once.
static FONTS: LazyLock<(ParsedFont, ParsedFont)> = LazyLock::new(|| {
    let parse = |bytes: &[u8]| {
        ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the shipped DejaVu font parses")
    };
    (parse(REGULAR_TTF), parse(BOLD_TTF))
});

/// A4, in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 50.0;
/// Below this, the sheet would be too small to read: it is cut instead of shrunk further.
const SMALLEST_SCALE: f32 = 0.6;

/// One block of the sheet, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    /// A line of a numbered list (its number given).
    Numbered(usize, String),
    Bullet(String),
}

/// What the sheet says, and how many identical pages to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The document's title (in its metadata).
    pub title: String,
    pub blocks: Vec<Block>,
    pub copies: usize,
}

#[derive(Clone, Copy)]
enum Face {
    Regular,
    Bold,
}

/// One line placed on the page.
struct Placed {
    face: Face,
    size: f32,
    x: f32,
    /// From the top of the page.
    y: f32,
    text: String,
}

fn font(face: Face) -> &'static ParsedFont {
    match face {
        Face::Regular => &FONTS.0,
        Face::Bold => &FONTS.1,
    }
}

/// The width of `text` in points at `size`.
fn width(face: Face, size: f32, text: &str) -> f32 {
    let font = font(face);
    let units: u32 = text
        .chars()
        .map(|c| {
            let glyph = font.lookup_glyph_index(c as u32).unwrap_or(0);
            u32::from(font.get_glyph_width(glyph).unwrap_or(0))
        })
        .sum();
    units as f32 * size / f32::from(font.units_per_em.max(1))
}

/// `text` cut into lines no wider than `max`: at spaces, and inside a word (an address) only
/// when the word alone is too wide.
pub(crate) fn wrap(text: &str, max: f32, measure: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone on its line; cut it if it is still too wide.
        for c in word.chars() {
            line.push(c);
            if measure(&line) > max && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The sheet's lines at `scale`, and the height they take.
fn lay_out(blocks: &[Block], scale: f32) -> (Vec<Placed>, f32) {
    let body = 12.5 * scale;
    let mut placed = Vec::new();
    let mut y = MARGIN;
    let full = PAGE_WIDTH - 2.0 * MARGIN;
    for block in blocks {
        let (face, size, before, indent, marker) = match block {
            Block::Title(_) => (Face::Bold, 22.0 * scale, 0.0, 0.0, None),
            Block::Heading(_) => (Face::Bold, 14.5 * scale, 14.0 * scale, 0.0, None),
            Block::Paragraph(_) => (Face::Regular, body, 5.0 * scale, 0.0, None),
            Block::Numbered(n, _) => (
                Face::Regular,
                body,
                3.0 * scale,
                20.0 * scale,
                Some(format!("{n}.")),
            ),
            Block::Bullet(_) => (
                Face::Regular,
                body,
                2.0 * scale,
                20.0 * scale,
                Some("•".to_string()),
            ),
        };
        let text = match block {
            Block::Title(t)
            | Block::Heading(t)
            | Block::Paragraph(t)
            | Block::Numbered(_, t)
            | Block::Bullet(t) => t,
        };
        let leading = size * 1.35;
        y += before;
        if let Some(marker) = marker {
            placed.push(Placed {
                face,
                size,
                x: MARGIN + 4.0 * scale,
                y: y + size,
                text: marker,
            });
        }
        for line in wrap(text, full - indent, |s| width(face, size, s)) {
            placed.push(Placed {
                face,
                size,
                x: MARGIN + indent,
                y: y + size,
                text: line,
            });
            y += leading;
        }
    }
    (placed, y + MARGIN)
}

/// The sheet as a PDF file: `copies` identical A4 pages (at least one).
pub fn render(sheet: &Sheet) -> Vec<u8> {
    let mut scale = 1.0;
    let (mut placed, mut height) = lay_out(&sheet.blocks, scale);
    while height > PAGE_HEIGHT && scale > SMALLEST_SCALE {
        scale -= 0.05;
        (placed, height) = lay_out(&sheet.blocks, scale);
    }
    let mut doc = PdfDocument::new(&sheet.title);
    let regular = doc.add_font(font(Face::Regular));
    let bold = doc.add_font(font(Face::Bold));
    let id = |face: Face| -> FontId {
        match face {
            Face::Regular => regular.clone(),
            Face::Bold => bold.clone(),
        }
    };
    let mut ops = Vec::new();
    for line in placed
        .iter()
        .filter(|line| line.y <= PAGE_HEIGHT - MARGIN / 2.0)
    {
        ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(id(line.face)),
                size: Pt(line.size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(line.x),
                    y: Pt(PAGE_HEIGHT - line.y),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(line.text.clone())],
            },
            Op::EndTextSection,
        ]);
    }
    let pages = (0..sheet.copies.max(1))
        .map(|_| PdfPage::new(Mm(210.0), Mm(297.0), ops.clone()))
        .collect();
    doc.with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_cut_at_spaces_and_long_words_inside() {
        let measure = |s: &str| s.chars().count() as f32;
        assert_eq!(wrap("un deux trois", 7.0, measure), ["un deux", "trois"]);
        assert_eq!(wrap("abcdefghij", 4.0, measure), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4.0, measure), [""]);
    }

    #[test]
    fn a_sheet_is_a_pdf_with_its_copies() {
        let sheet = Sheet {
            title: "Essai".into(),
            blocks: vec![
                Block::Title("S'inscrire sur les listes électorales".into()),
                Block::Paragraph(
                    "Une phrase assez longue pour tenir sur plusieurs lignes, ".repeat(8),
                ),
            ],
            copies: 2,
        };
        let pdf = render(&sheet);
        assert!(pdf.starts_with(b"%PDF"));
        assert!(
            width(Face::Regular, 11.0, "Paris") > 10.0,
            "the fonts' widths are read"
        );
    }

    #[test]
    fn a_long_sheet_is_shrunk_then_cut_rather_than_spilled() {
        let blocks = vec![Block::Bullet("Une ligne de la fiche".into()); 40];
        let (_, at_full_size) = lay_out(&blocks, 1.0);
        assert!(
            at_full_size > PAGE_HEIGHT,
            "too long for one page at full size"
        );
        let (_, smaller) = lay_out(&blocks, 0.8);
        assert!(smaller < at_full_size);
        let too_long = Sheet {
            title: "Essai".into(),
            blocks: vec![Block::Paragraph("Beaucoup trop de texte.".into()); 400],
            copies: 1,
        };
        assert!(render(&too_long).starts_with(b"%PDF"));
    }
}
