//! QR modules for a payment payload (error correction M, as EPC requires).

use qrcode::{Color, EcLevel, QrCode};

use crate::domain::error::{AppError, AppResult, ErrorCode};

/// The modules (row by row, dark = true) and the side length, with a 4-module quiet zone.
pub fn modules(payload: &str) -> AppResult<(Vec<bool>, usize)> {
    let code =
        QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).map_err(|e| {
            AppError::new(
                ErrorCode::Validation,
                format!("The payment QR code cannot hold this payload: {e}"),
            )
        })?;
    let w = code.width();
    let quiet = 4;
    let n = w + 2 * quiet;
    let colors = code.to_colors();
    let mut dark = vec![false; n * n];
    for y in 0..w {
        for x in 0..w {
            dark[(y + quiet) * n + x + quiet] = colors[y * w + x] == Color::Dark;
        }
    }
    Ok((dark, n))
}
