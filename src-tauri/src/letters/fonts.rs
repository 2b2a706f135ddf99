//! The bundled fonts (SIL Open Font License, `fonts/OFL.txt`): Noto Sans CJK (its Simplified
//! and Traditional Chinese faces; also Latin, Cyrillic, kana) and Noto Sans Regular/Bold
//! (Latin, Greek and the whole Cyrillic range — Ukrainian, Kazakh, Serbian — that the CJK
//! font lacks). Compiled into the binary: letters look the same on every machine. Each
//! character goes to the first face that has it; what none has is reported, never drawn
//! as an empty box.

use std::sync::OnceLock;

use skrifa::{instance::Size, FontRef, MetadataProvider};

static CJK: &[u8] = include_bytes!("../../../fonts/NotoSansCJK-Regular.ttc");
static SANS: &[u8] = include_bytes!("../../../fonts/NotoSans-Regular.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../../../fonts/NotoSans-Bold.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    Sans,
    SansBold,
    CjkSc,
    CjkTc,
}

impl Face {
    pub const ALL: [Face; 4] = [Face::Sans, Face::SansBold, Face::CjkSc, Face::CjkTc];

    /// The CSS family for the on-screen preview.
    pub fn css_family(self) -> &'static str {
        match self {
            Face::Sans | Face::SansBold => "'Noto Sans', sans-serif",
            Face::CjkSc => "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
            Face::CjkTc => "'Noto Sans CJK TC', 'Noto Sans TC', sans-serif",
        }
    }

    pub fn bold(self) -> bool {
        self == Face::SansBold
    }

    /// The font data and its index in a collection.
    pub fn data(self) -> (&'static [u8], u32) {
        match self {
            Face::Sans => (SANS, 0),
            Face::SansBold => (SANS_BOLD, 0),
            Face::CjkSc => (CJK, cjk_index("SC")),
            Face::CjkTc => (CJK, cjk_index("TC")),
        }
    }
}

/// The index of "Noto Sans CJK SC" / "… TC" in the collection.
fn cjk_index(region: &str) -> u32 {
    static INDEXES: OnceLock<(u32, u32)> = OnceLock::new();
    let (sc, tc) = *INDEXES.get_or_init(|| {
        let mut sc = 0;
        let mut tc = 0;
        for i in 0..16 {
            let Ok(f) = FontRef::from_index(CJK, i) else {
                break;
            };
            let name: String = f
                .localized_strings(skrifa::string::StringId::FAMILY_NAME)
                .english_or_first()
                .map(|s| s.chars().collect())
                .unwrap_or_default();
            match name.as_str() {
                "Noto Sans CJK SC" => sc = i,
                "Noto Sans CJK TC" => tc = i,
                _ => {}
            }
        }
        (sc, tc)
    });
    if region == "SC" {
        sc
    } else {
        tc
    }
}

/// Character coverage and advance widths of one face, in em units.
pub struct Metrics {
    charmap: skrifa::charmap::Charmap<'static>,
    glyphs: skrifa::metrics::GlyphMetrics<'static>,
}

impl Metrics {
    fn new(face: Face) -> Metrics {
        let (data, index) = face.data();
        let font = FontRef::from_index(data, index).expect("bundled font");
        Metrics {
            charmap: font.charmap(),
            glyphs: font.glyph_metrics(Size::new(1.0), skrifa::instance::LocationRef::default()),
        }
    }

    pub fn has(&self, c: char) -> bool {
        self.charmap.map(c).is_some()
    }

    /// Advance width of `c` at size 1 (multiply by the font size).
    pub fn advance(&self, c: char) -> f32 {
        self.charmap
            .map(c)
            .and_then(|g| self.glyphs.advance_width(g))
            .unwrap_or(0.5)
    }
}

pub fn metrics(face: Face) -> &'static Metrics {
    static M: OnceLock<Vec<Metrics>> = OnceLock::new();
    let all = M.get_or_init(|| Face::ALL.iter().map(|f| Metrics::new(*f)).collect());
    &all[Face::ALL.iter().position(|f| *f == face).unwrap_or(0)]
}

/// Parses every face's tables now (charmap, metrics, the collection's face index), so the
/// first letter of a session does not pay for it. The app calls this on a background thread
/// at start-up; calling it again costs nothing.
pub fn preload() {
    for face in Face::ALL {
        let m = metrics(face);
        // Touch the character map and advance tables of the common scripts once.
        for c in ['中', '國', 'Ж', 'A', '1', '，'] {
            m.advance(c);
        }
    }
}

/// The faces to try, in order, for a letter in Chinese (`cjk`: SC or TC) or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaceChain {
    pub cjk: Face,
    pub chinese_first: bool,
}

impl FaceChain {
    /// The face for `c`; `None` when no bundled font has it. Spaces and control
    /// characters go to the primary face.
    pub fn face_for(&self, c: char, bold: bool) -> Option<Face> {
        let sans = if bold { Face::SansBold } else { Face::Sans };
        let order = if self.chinese_first && !bold {
            [self.cjk, sans]
        } else {
            [sans, self.cjk]
        };
        if c.is_whitespace() || c.is_control() {
            return Some(order[0]);
        }
        order.into_iter().find(|f| metrics(*f).has(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_fonts_cover_four_languages_and_the_rest_of_cyrillic() {
        let zh = FaceChain {
            cjk: Face::CjkSc,
            chinese_first: true,
        };
        assert_eq!(zh.face_for('律', false), Some(Face::CjkSc));
        assert_eq!(zh.face_for('A', false), Some(Face::CjkSc));
        let ru = FaceChain {
            cjk: Face::CjkTc,
            chinese_first: false,
        };
        assert_eq!(ru.face_for('Ж', false), Some(Face::Sans));
        assert_eq!(ru.face_for('ґ', false), Some(Face::Sans));
        assert_eq!(ru.face_for('Қ', true), Some(Face::SansBold));
        assert_eq!(ru.face_for('臺', false), Some(Face::CjkTc));
        assert_eq!(ru.face_for('\u{13000}', false), None);
        assert_ne!(cjk_index("SC"), cjk_index("TC"));
        assert!(metrics(Face::CjkSc).advance('中') > 0.9);
    }
}
