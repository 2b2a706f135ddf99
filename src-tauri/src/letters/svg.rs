//! The same display list as SVG, for the preview in the window (fonts by family name; the
//! PDF is the document of record).

use base64::Engine;

use super::compose::Laid;
use super::layout::Item;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One `<svg>` per page.
pub fn render(laid: &Laid) -> Vec<String> {
    laid.pages
        .iter()
        .map(|page| {
            let mut out = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" class="letter-page"><rect width="{w}" height="{h}" fill="white"/>"#,
                w = laid.width,
                h = laid.height
            );
            for item in &page.items {
                match item {
                    Item::Text { x, y, size, face, text, gray } => {
                        let g = (gray * 255.0) as u8;
                        out.push_str(&format!(
                            r#"<text x="{x:.2}" y="{y:.2}" font-size="{size}" font-family="{}" font-weight="{}" fill="rgb({g},{g},{g})" xml:space="preserve">{}</text>"#,
                            esc(face.css_family()),
                            if face.bold() { 700 } else { 400 },
                            esc(text)
                        ));
                    }
                    Item::Line { x1, y1, x2, y2, width } => out.push_str(&format!(
                        r#"<line x1="{x1:.2}" y1="{y1:.2}" x2="{x2:.2}" y2="{y2:.2}" stroke="black" stroke-width="{width}"/>"#
                    )),
                    Item::Rect { x, y, w, h } => out.push_str(&format!(
                        r#"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="rgb(237,237,237)"/>"#
                    )),
                    Item::Qr { x, y, size, n, dark } => {
                        let m = size / *n as f32;
                        let mut d = String::new();
                        for (i, on) in dark.iter().enumerate() {
                            if *on {
                                d.push_str(&format!("M{:.2} {:.2}h{m:.2}v{m:.2}h-{m:.2}z", x + (i % n) as f32 * m, y + (i / n) as f32 * m));
                            }
                        }
                        out.push_str(&format!(r#"<path d="{d}" fill="black"/>"#));
                    }
                    Item::Image { x, y, w, h, png, data } => out.push_str(&format!(
                        r#"<image x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" href="data:{};base64,{}"/>"#,
                        if *png { "image/png" } else { "image/jpeg" },
                        base64::engine::general_purpose::STANDARD.encode(data.as_slice())
                    )),
                }
            }
            out.push_str("</svg>");
            out
        })
        .collect()
}
