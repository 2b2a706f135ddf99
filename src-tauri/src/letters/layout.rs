//! A small page-layout engine for letters: paragraphs broken into lines by Unicode line
//! breaking (UAX #14: no line starts with 。，、」) or ends with 「（), per-character font
//! fallback, bordered tables whose header repeats after a page break, and blocks kept
//! together. It produces a display list that both the PDF and the on-screen preview draw.

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::fonts::{metrics, Face, FaceChain};

pub const MM: f32 = 72.0 / 25.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    /// Width and height in PDF points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    pub fn parse(s: &str) -> Option<Paper> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" | "" => Some(Paper::A4),
            "letter" | "us-letter" | "us_letter" => Some(Paper::Letter),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text in one face; `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        face: Face,
        text: String,
        gray: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        png: bool,
        data: std::sync::Arc<Vec<u8>>,
    },
    /// A QR code: `n`×`n` modules, dark where true.
    Qr {
        x: f32,
        y: f32,
        size: f32,
        n: usize,
        dark: Vec<bool>,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// A measured line: its runs (face, text, width) and total width.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub runs: Vec<(Face, String, f32)>,
    pub width: f32,
}

pub struct Flow {
    pub chain: FaceChain,
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    pub pages: Vec<Page>,
    pub y: f32,
    /// Characters no bundled font has (drawn as "?" and reported).
    pub missing: Vec<char>,
    /// Drawn at the top of every page after the first.
    pub running_header: String,
    footer_space: f32,
}

impl Flow {
    pub fn new(paper: Paper, chain: FaceChain) -> Flow {
        let (width, height) = paper.size();
        let margin = 20.0 * MM;
        Flow {
            chain,
            width,
            height,
            margin,
            pages: vec![Page::default()],
            y: margin,
            missing: Vec::new(),
            running_header: String::new(),
            footer_space: 12.0 * MM,
        }
    }

    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    fn bottom(&self) -> f32 {
        self.height - self.margin - self.footer_space
    }

    pub fn push(&mut self, item: Item) {
        self.pages.last_mut().expect("a page").items.push(item);
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.margin;
        if !self.running_header.is_empty() {
            let header = self.running_header.clone();
            let line = self.measure_line(&header, 8.0, false);
            self.draw_line(&line, self.margin, self.y + 8.0, 8.0, 0.4);
            let y = self.y + 12.0;
            self.push(Item::Line {
                x1: self.margin,
                y1: y,
                x2: self.width - self.margin,
                y2: y,
                width: 0.4,
            });
            self.y += 22.0;
        }
    }

    /// Starts a new page unless `h` more points fit on this one.
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() {
            self.new_page();
        }
    }

    pub fn space(&mut self, h: f32) {
        self.y += h;
    }

    /// Splits `text` into runs by face, measuring each. Unknown characters become "?".
    pub fn measure_line(&mut self, text: &str, size: f32, bold: bool) -> Line {
        let mut line = Line::default();
        for c in text.chars() {
            let (face, c) = match self.chain.face_for(c, bold) {
                Some(f) => (f, c),
                None => {
                    if !self.missing.contains(&c) {
                        self.missing.push(c);
                    }
                    (self.chain.face_for('?', bold).unwrap_or(Face::Sans), '?')
                }
            };
            let w = metrics(face).advance(c) * size;
            match line.runs.last_mut() {
                Some((f, t, width)) if *f == face => {
                    t.push(c);
                    *width += w;
                }
                _ => line.runs.push((face, c.to_string(), w)),
            }
            line.width += w;
        }
        line
    }

    fn char_width(&self, c: char, size: f32, bold: bool) -> f32 {
        let face = self.chain.face_for(c, bold).unwrap_or(Face::Sans);
        metrics(face).advance(c) * size
    }

    /// Breaks `text` into lines no wider than `width` (UAX #14; a word longer than the
    /// line is cut where it must).
    pub fn wrap(&mut self, text: &str, size: f32, bold: bool, width: f32) -> Vec<Line> {
        let mut out = Vec::new();
        for para in text.split('\n') {
            let chars: Vec<(usize, char)> = para.char_indices().collect();
            let widths: Vec<f32> = chars
                .iter()
                .map(|(_, c)| self.char_width(*c, size, bold))
                .collect();
            let breaks: Vec<(usize, BreakOpportunity)> = linebreaks(para).collect();
            let mut start = 0usize; // char index
            while start < chars.len() {
                let mut w = 0.0;
                let mut end = start;
                while end < chars.len() && w + widths[end] <= width {
                    w += widths[end];
                    end += 1;
                }
                if end < chars.len() {
                    // The last break opportunity at or before `end`, after `start`.
                    let byte_end = chars[end].0;
                    let byte_start = chars[start].0;
                    let opportunity = breaks
                        .iter()
                        .rev()
                        .find(|(b, _)| *b <= byte_end && *b > byte_start)
                        .map(|(b, _)| *b);
                    if let Some(b) = opportunity {
                        end = chars.iter().position(|(i, _)| *i == b).unwrap_or(end);
                    } else if end == start {
                        end = start + 1;
                    }
                }
                let piece: String = chars[start..end].iter().map(|(_, c)| c).collect();
                out.push(self.measure_line(piece.trim_end(), size, bold));
                start = end;
                while start < chars.len() && chars[start].1 == ' ' {
                    start += 1;
                }
            }
            if chars.is_empty() {
                out.push(Line::default());
            }
        }
        out
    }

    pub fn draw_line(&mut self, line: &Line, x: f32, baseline: f32, size: f32, gray: f32) {
        let mut x = x;
        for (face, text, w) in &line.runs {
            self.push(Item::Text {
                x,
                y: baseline,
                size,
                face: *face,
                text: text.clone(),
                gray,
            });
            x += w;
        }
    }

    /// A paragraph: wrapped, aligned, with `after` points of space below. Lines flow onto
    /// the next page as needed.
    pub fn paragraph(&mut self, text: &str, size: f32, bold: bool, align: Align, after: f32) {
        let lead = size * 1.6;
        let width = self.content_width();
        let lines = self.wrap(text, size, bold, width);
        for line in lines {
            self.ensure(lead);
            let x = match align {
                Align::Left => self.margin,
                Align::Right => self.width - self.margin - line.width,
                Align::Center => (self.width - line.width) / 2.0,
            };
            let base = self.y + size * 1.15;
            self.draw_line(&line, x, base, size, 0.0);
            self.y += lead;
        }
        self.y += after;
    }

    /// Text at a fixed place (letterhead, signature area); returns the lines' height.
    #[allow(clippy::too_many_arguments)]
    pub fn text_at(
        &mut self,
        text: &str,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        width: f32,
        align: Align,
    ) -> f32 {
        let lines = self.wrap(text, size, bold, width);
        let lead = size * 1.45;
        let mut yy = y;
        for line in &lines {
            let xx = match align {
                Align::Left => x,
                Align::Right => x + width - line.width,
                Align::Center => x + (width - line.width) / 2.0,
            };
            self.draw_line(line, xx, yy + size * 1.1, size, 0.0);
            yy += lead;
        }
        yy - y
    }

    pub fn rule(&mut self, width: f32) {
        let y = self.y;
        self.push(Item::Line {
            x1: self.margin,
            y1: y,
            x2: self.width - self.margin,
            y2: y,
            width,
        });
    }

    /// A bordered table. `cols` are fractions of the content width with an alignment; the
    /// header row repeats at the top of each new page; `bold_last` sets the last row bold
    /// (totals).
    pub fn table(
        &mut self,
        cols: &[(f32, Align)],
        header: &[String],
        rows: &[Vec<String>],
        size: f32,
        bold_last: bool,
    ) {
        let grid = Grid::new(cols, self.content_width(), size);
        let head = grid.row(self, header, true, true);
        let first_row_h = rows
            .first()
            .map(|r| grid.row(self, r, false, false).h)
            .unwrap_or(0.0);
        self.ensure(head.h + first_row_h);
        grid.emit(self, &head);
        for (i, r) in rows.iter().enumerate() {
            let bold = bold_last && i + 1 == rows.len();
            let row = grid.row(self, r, bold, false);
            if self.y + row.h > self.bottom() {
                self.new_page();
                grid.emit(self, &head);
            }
            grid.emit(self, &row);
        }
    }

    /// Page numbers ("Page 1 of 3" in the letter's language) at the foot of every page.
    pub fn number_pages(&mut self, label: impl Fn(usize, usize) -> String) {
        let n = self.pages.len();
        for i in 0..n {
            let text = label(i + 1, n);
            let line = self.measure_line(&text, 8.0, false);
            let x = (self.width - line.width) / 2.0;
            let y = self.height - self.margin + 4.0;
            let mut x0 = x;
            for (face, t, w) in line.runs {
                self.pages[i].items.push(Item::Text {
                    x: x0,
                    y,
                    size: 8.0,
                    face,
                    text: t,
                    gray: 0.4,
                });
                x0 += w;
            }
        }
    }
}

/// A table's columns over the content width: how its rows are measured and drawn.
struct Grid<'a> {
    cols: &'a [(f32, Align)],
    widths: Vec<f32>,
    width: f32,
    size: f32,
}

/// One row of a table, its cells wrapped into lines, with its height.
struct Row {
    cells: Vec<Vec<Line>>,
    h: f32,
    shade: bool,
}

/// The space between a cell's border and its text.
const PAD: f32 = 4.0;

impl<'a> Grid<'a> {
    fn new(cols: &'a [(f32, Align)], width: f32, size: f32) -> Grid<'a> {
        let widths: Vec<f32> = cols.iter().map(|(f, _)| f * width).collect();
        Grid {
            cols,
            widths,
            width,
            size,
        }
    }

    /// Wraps each cell to its column and measures the row's height.
    fn row(&self, flow: &mut Flow, cells: &[String], bold: bool, shade: bool) -> Row {
        let (size, pad) = (self.size, PAD);
        let wrapped: Vec<Vec<Line>> = cells
            .iter()
            .zip(&self.widths)
            .map(|(c, w)| flow.wrap(c, size, bold, w - 2.0 * pad))
            .collect();
        let lead = size * 1.45;
        let h = wrapped.iter().map(|l| l.len()).max().unwrap_or(1) as f32 * lead + 2.0 * pad
            - (lead - size * 1.2);
        Row {
            cells: wrapped,
            h,
            shade,
        }
    }

    /// Draws a row at the flow's position (shaded if it is a header) and moves below it.
    fn emit(&self, flow: &mut Flow, row: &Row) {
        let top = flow.y;
        if row.shade {
            flow.push(Item::Rect {
                x: flow.margin,
                y: top,
                w: self.width,
                h: row.h,
            });
        }
        self.cells(flow, top, &row.cells);
        self.borders(flow, top, row.h);
        flow.y += row.h;
    }

    /// Each cell's lines, aligned in its column.
    fn cells(&self, flow: &mut Flow, top: f32, wrapped: &[Vec<Line>]) {
        let (size, pad) = (self.size, PAD);
        let mut x = flow.margin;
        for (i, lines) in wrapped.iter().enumerate() {
            let mut yy = top + pad;
            for line in lines {
                let xx = match self.cols[i].1 {
                    Align::Left => x + pad,
                    Align::Right => x + self.widths[i] - pad - line.width,
                    Align::Center => x + (self.widths[i] - line.width) / 2.0,
                };
                flow.draw_line(line, xx, yy + size * 1.05, size, 0.0);
                yy += size * 1.45;
            }
            x += self.widths[i];
        }
    }

    /// Borders: top, bottom, and the verticals.
    fn borders(&self, flow: &mut Flow, top: f32, h: f32) {
        let (l, r) = (flow.margin, flow.margin + self.width);
        flow.push(Item::Line {
            x1: l,
            y1: top,
            x2: r,
            y2: top,
            width: 0.6,
        });
        flow.push(Item::Line {
            x1: l,
            y1: top + h,
            x2: r,
            y2: top + h,
            width: 0.6,
        });
        let mut vx = l;
        flow.push(Item::Line {
            x1: vx,
            y1: top,
            x2: vx,
            y2: top + h,
            width: 0.6,
        });
        for w in &self.widths {
            vx += w;
            flow.push(Item::Line {
                x1: vx,
                y1: top,
                x2: vx,
                y2: top + h,
                width: 0.6,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh() -> Flow {
        Flow::new(
            Paper::A4,
            FaceChain {
                cjk: Face::CjkSc,
                chinese_first: true,
            },
        )
    }

    #[test]
    fn chinese_punctuation_never_starts_a_line() {
        let mut f = zh();
        let text = "贵公司尚欠我方律师费人民币壹万元整。请于收到本函之日起七日内付清，逾期我方将依法采取进一步措施。".repeat(3);
        // Try many widths: no line may begin with a closing punctuation mark.
        for w in (120..400).step_by(7) {
            for line in f.wrap(&text, 11.0, false, w as f32) {
                let first = line.runs.first().and_then(|r| r.1.chars().next());
                assert!(
                    !matches!(first, Some('。' | '，' | '、' | '」' | '）')),
                    "width {w}: {first:?}"
                );
                assert!(line.width <= w as f32 + 0.01);
            }
        }
    }

    #[test]
    fn latin_words_are_not_split_and_long_ones_are_cut() {
        let mut f = Flow::new(
            Paper::Letter,
            FaceChain {
                cjk: Face::CjkSc,
                chinese_first: false,
            },
        );
        let lines = f.wrap(
            "Please pay the outstanding balance within fourteen days",
            11.0,
            false,
            150.0,
        );
        assert!(lines.len() > 1);
        for l in &lines {
            let t: String = l.runs.iter().map(|r| r.1.as_str()).collect();
            assert!(!t.starts_with(' ') && !t.ends_with(' '), "{t:?}");
        }
        let long = f.wrap(&"x".repeat(200), 11.0, false, 100.0);
        assert!(long.len() > 1);
        assert_eq!(Paper::Letter.size(), (612.0, 792.0));
    }

    #[test]
    fn missing_characters_are_reported_not_drawn_as_boxes() {
        let mut f = zh();
        f.paragraph("Ok \u{13000}", 11.0, false, Align::Left, 0.0);
        assert_eq!(f.missing, vec!['\u{13000}']);
    }

    #[test]
    fn a_long_table_repeats_its_header() {
        let mut f = zh();
        let rows: Vec<Vec<String>> = (0..80)
            .map(|i| vec![format!("INV-{i}"), "1,000.00".into()])
            .collect();
        f.table(
            &[(0.6, Align::Left), (0.4, Align::Right)],
            &["账单".into(), "金额".into()],
            &rows,
            10.0,
            true,
        );
        assert!(f.pages.len() >= 2);
        for p in &f.pages {
            assert!(p
                .items
                .iter()
                .any(|i| matches!(i, Item::Text { text, .. } if text == "账单")));
        }
    }
}
