//! The display list as a PDF/A-2b file through krilla: fonts embedded as subsets with their
//! text extractable, QR modules as vector paths, images as they were uploaded.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use krilla::color::rgb;
use krilla::configure::{Configuration, Validator};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

use super::compose::Laid;
use super::fonts::Face;
use super::layout::Item;

fn font(face: Face) -> Font {
    static FONTS: OnceLock<HashMap<Face, Font>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Face::ALL
                .iter()
                .map(|f| {
                    let (data, index) = f.data();
                    (*f, Font::new(data.into(), index).expect("bundled font"))
                })
                .collect()
        })
        .get(&face)
        .expect("every face")
        .clone()
}

pub struct PdfMeta {
    pub title: String,
    pub author: String,
    pub language: String,
    pub date: (u16, u8, u8),
}

fn gray(level: f32) -> rgb::Color {
    let v = (level.clamp(0.0, 1.0) * 255.0) as u8;
    rgb::Color::new(v, v, v)
}

fn document(meta: &PdfMeta) -> Document {
    let settings = SerializeSettings {
        configuration: Configuration::new_with_validator(Validator::A2_B),
        ..Default::default()
    };
    let mut doc = Document::new_with(settings);
    doc.set_metadata(
        Metadata::new()
            .title(meta.title.clone())
            .authors(vec![meta.author.clone()])
            .language(meta.language.clone())
            .creator("Lawdesk".into())
            .creation_date(
                DateTime::new(meta.date.0)
                    .month(meta.date.1)
                    .day(meta.date.2),
            ),
    );
    doc
}

/// Draws one display-list item on a page.
fn draw_item(s: &mut Surface<'_>, item: &Item) -> Result<(), String> {
    match item {
        Item::Text {
            x,
            y,
            size,
            face,
            text,
            gray: g,
        } => draw_text(s, Point::from_xy(*x, *y), *face, *size, text, *g),
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        } => draw_line(s, (*x1, *y1), (*x2, *y2), *width),
        Item::Rect { x, y, w, h } => draw_shade(s, *x, *y, *w, *h),
        Item::Qr {
            x,
            y,
            size,
            n,
            dark,
        } => draw_qr(s, (*x, *y), *size, *n, dark),
        Item::Image {
            x,
            y,
            w,
            h,
            png,
            data,
        } => draw_image(s, (*x, *y), (*w, *h), *png, data)?,
    }
    Ok(())
}

/// A run of text in one face, its baseline starting at `at`.
fn draw_text(s: &mut Surface<'_>, at: Point, face: Face, size: f32, text: &str, level: f32) {
    s.set_fill(Some(Fill {
        paint: gray(level).into(),
        ..Default::default()
    }));
    s.draw_text(at, font(face), size, text, false, TextDirection::Auto);
}

/// A black stroke from one point to another.
fn draw_line(s: &mut Surface<'_>, (x1, y1): (f32, f32), (x2, y2): (f32, f32), width: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(x1, y1);
    pb.line_to(x2, y2);
    if let Some(path) = pb.finish() {
        s.set_fill(None);
        s.set_stroke(Some(Stroke {
            paint: gray(0.0).into(),
            width,
            ..Default::default()
        }));
        s.draw_path(&path);
        s.set_stroke(None);
    }
}

/// A light gray rectangle (a table's header row).
fn draw_shade(s: &mut Surface<'_>, x: f32, y: f32, w: f32, h: f32) {
    let mut pb = PathBuilder::new();
    if let Some(r) = Rect::from_xywh(x, y, w, h) {
        pb.push_rect(r);
    }
    if let Some(path) = pb.finish() {
        s.set_fill(Some(Fill {
            paint: gray(0.93).into(),
            ..Default::default()
        }));
        s.draw_path(&path);
    }
}

/// A QR code's dark modules as one vector path, `size` wide with its top left at `(x, y)`.
fn draw_qr(s: &mut Surface<'_>, (x, y): (f32, f32), size: f32, n: usize, dark: &[bool]) {
    let module = size / n as f32;
    let mut pb = PathBuilder::new();
    for (i, d) in dark.iter().enumerate() {
        if *d {
            let (cx, cy) = ((i % n) as f32, (i / n) as f32);
            if let Some(r) = Rect::from_xywh(x + cx * module, y + cy * module, module, module) {
                pb.push_rect(r);
            }
        }
    }
    if let Some(path) = pb.finish() {
        s.set_fill(Some(Fill {
            paint: gray(0.0).into(),
            ..Default::default()
        }));
        s.draw_path(&path);
    }
}

/// A PNG or JPEG image as uploaded, `(w, h)` in size with its top left at `(x, y)`.
fn draw_image(
    s: &mut Surface<'_>,
    (x, y): (f32, f32),
    (w, h): (f32, f32),
    png: bool,
    data: &Arc<Vec<u8>>,
) -> Result<(), String> {
    let bytes: Vec<u8> = data.as_ref().clone();
    let image = if png {
        Image::from_png(bytes.into(), false)
    } else {
        Image::from_jpeg(bytes.into(), false)
    }?;
    s.push_transform(&Transform::from_translate(x, y));
    s.draw_image(image, Size::from_wh(w, h).ok_or("image size")?);
    s.pop();
    Ok(())
}

/// Draws one laid-out letter's pages into `doc`.
fn draw_letter(doc: &mut Document, laid: &Laid) -> Result<(), String> {
    for page in &laid.pages {
        let mut p =
            doc.start_page_with(PageSettings::from_wh(laid.width, laid.height).ok_or("page size")?);
        let mut s = p.surface();
        for item in &page.items {
            draw_item(&mut s, item)?;
        }
        s.finish();
        p.finish();
    }
    Ok(())
}

/// One letter as a PDF/A-2b file.
pub fn render(laid: &Laid, meta: &PdfMeta) -> Result<Vec<u8>, String> {
    render_many(&[laid], meta)
}

/// Several letters in one PDF/A-2b file, each starting on a new page with its own paper
/// size (a batch for the printer: the same display lists as the kept letters, so the pages
/// are those letters' pages; fonts are embedded once for the whole batch).
pub fn render_many(letters: &[&Laid], meta: &PdfMeta) -> Result<Vec<u8>, String> {
    let mut doc = document(meta);
    for laid in letters {
        draw_letter(&mut doc, laid)?;
    }
    doc.finish().map_err(|e| format!("{e:?}"))
}

/// The claim pack: pages laid out by `claim_pack` and the kept letters' own pages in one
/// file, with bookmarks. Plain PDF 1.7, not PDF/A: PDF/A forbids embedding other PDFs
/// (the kept letters themselves stay PDF/A-2b, and go into the pack's ZIP as they are).
/// Returns the bytes and the page count.
pub fn render_pack(
    parts: &[super::claim_pack::Part],
    marks: &[super::claim_pack::Mark],
    meta: &PdfMeta,
) -> Result<(Vec<u8>, usize), String> {
    use super::claim_pack::Part;
    let mut doc = Document::new_with(SerializeSettings::default());
    doc.set_metadata(
        Metadata::new()
            .title(meta.title.clone())
            .authors(vec![meta.author.clone()])
            .language(meta.language.clone())
            .creator("Lawdesk".into()),
    );
    let mut starts = Vec::with_capacity(parts.len());
    let mut pages = 0;
    for part in parts {
        starts.push(pages);
        match part {
            Part::Laid(laid) => {
                draw_letter(&mut doc, laid)?;
                pages += laid.pages.len();
            }
            Part::Pdf(bytes) => {
                let data: std::sync::Arc<dyn AsRef<[u8]> + Send + Sync> =
                    std::sync::Arc::new(bytes.as_ref().clone());
                let pdf = krilla::pdf::Pdf::new(data).map_err(|e| format!("{e:?}"))?;
                let n = pdf.pages().len();
                let embedded = krilla::pdf::PdfDocument::new(std::sync::Arc::new(pdf));
                doc.embed_pdf_pages(&embedded, &(0..n).collect::<Vec<_>>());
                pages += n;
            }
        }
    }
    let mut outline = krilla::outline::Outline::new();
    for m in marks {
        outline.push_child(outline_node(m, &starts));
    }
    doc.set_outline(outline);
    Ok((doc.finish().map_err(|e| format!("{e:?}"))?, pages))
}

fn outline_node(m: &super::claim_pack::Mark, starts: &[usize]) -> krilla::outline::OutlineNode {
    let page = starts.get(m.part).copied().unwrap_or(0) + m.page;
    let dest = krilla::destination::XyzDestination::new(page, Point::from_xy(0.0, 0.0));
    let mut node = krilla::outline::OutlineNode::new(m.title.clone(), dest);
    for c in &m.children {
        node.push_child(outline_node(c, starts));
    }
    node
}
