//! Lawdesk: the desktop shell. This file, `main.rs` and `commands/` are the only code that
//! knows Tauri; everything else is plain Rust that `lawdesk-cli` and the tests drive too.

pub mod at_rest;
pub mod backup;
pub mod cli;
pub mod commands;
pub mod domain;
pub mod import;
pub mod letters;
pub mod memory;
pub mod requests;
pub mod secrets;
pub mod services;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// `--data-dir DIR` or `--data-dir=DIR` from the window's command line.
fn data_dir_arg() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(rest) = a.to_str().and_then(|s| s.strip_prefix("--data-dir=")) {
            return Some(PathBuf::from(rest));
        }
    }
    None
}

/// Every command the window can call, in one list: `run` registers them, `build.rs` lists
/// the same names for their permissions (`tests/architecture.rs` checks both agree with what
/// the UI calls).
macro_rules! app_commands {
    () => {
        tauri::generate_handler![
            commands::app_status,
            commands::set_ui_language,
            commands::recent_activity,
            commands::ui_ready,
            commands::today,
            commands::get_firm_profile,
            commands::save_firm_profile,
            commands::list_letter_identities,
            commands::save_letter_identity,
            commands::list_bank_accounts,
            commands::save_bank_account,
            commands::archive_bank_account,
            commands::search_clients,
            commands::get_client,
            commands::add_client,
            commands::add_matter,
            commands::check_conflicts,
            commands::list_matters,
            commands::get_matter,
            commands::update_client,
            commands::add_related_person,
            commands::add_consent,
            commands::withdraw_consent,
            commands::log_communication,
            commands::list_communications,
            commands::verify_log,
            commands::add_follow_up,
            commands::complete_follow_up,
            commands::client_follow_ups,
            commands::agenda,
            commands::close_matter,
            commands::record_complaint,
            commands::advance_complaint,
            commands::client_complaints,
            commands::add_satisfaction,
            commands::retention_due,
            commands::set_retention_years,
            commands::destroy_client,
            commands::import_clients,
            commands::export_clients,
            commands::get_fee_settings,
            commands::save_fee_settings,
            commands::preview_quote,
            commands::save_quote,
            commands::list_quotes,
            commands::get_quote,
            commands::set_quote_status,
            commands::accept_quote,
            commands::list_engagements,
            commands::get_engagement,
            commands::revise_plan,
            commands::invoice_plan_item,
            commands::issue_invoice,
            commands::cancel_invoice,
            commands::credit_invoice,
            commands::late_charges,
            commands::get_engagement_contract,
            commands::save_engagement_contract,
            commands::issue_late_charges,
            commands::list_invoices,
            commands::get_invoice,
            commands::preview_payment,
            commands::record_payment,
            commands::reverse_payment,
            commands::list_payments,
            commands::get_payment,
            commands::get_letter,
            commands::usual_currency,
            commands::attachment_preview,
            commands::open_attachment,
            commands::aging,
            commands::client_account,
            commands::preview_letter,
            commands::generate_letter,
            commands::list_letters,
            commands::print_letter,
            commands::open_letter,
            commands::save_letter_as,
            commands::letter_dispatches,
            commands::record_letter_dispatch,
            commands::get_mail_settings,
            commands::save_mail_settings,
            commands::email_letter,
            commands::save_claim_pack,
            commands::print_letter_batch,
            commands::save_letter_batch,
            commands::letter_template,
            commands::save_letter_template,
            commands::letter_batch_due,
            commands::run_letter_batch,
            commands::letter_batch_progress,
            commands::cancel_letter_batch,
            commands::collections_overview,
            commands::collections_run,
            commands::set_collection_ladder,
            commands::collection_holds,
            commands::add_collection_hold,
            commands::release_collection_hold,
            commands::collection_arrangements,
            commands::add_collection_arrangement,
            commands::list_payment_qr_images,
            commands::add_payment_qr_image,
            commands::delete_payment_qr_image,
            commands::backup_status,
            commands::set_backup_folder,
            commands::choose_backup_folder,
            commands::recover_practice_key,
            commands::restore_backup,
            commands::backup_now,
            commands::show_recovery_key,
            commands::verify_audit_trail,
            commands::legal_clocks,
            commands::clocks_running_out,
            commands::record_debt_acknowledgment,
            commands::debt_acknowledgments,
            commands::lock_status,
            commands::unlock,
            commands::lock_now,
            commands::lock_touch,
            commands::set_app_lock,
        ]
    };
}

/// Starts the window.
pub fn run() {
    let started = Instant::now();
    services::core::private_files_by_default();
    let dir = services::core::resolve_data_dir(data_dir_arg());
    let _guard = dir.as_ref().ok().and_then(|d| {
        let _ = services::core::ensure_data_dir(d);
        services::logging::init(d)
    });
    let data_dir = dir.as_ref().ok().cloned();
    let core = dir.and_then(|d| {
        let core = services::Core::open(&d, Arc::new(secrets::Keychain::default()))?;
        core.set_front_end("window")?;
        Ok(core)
    });
    if let Err(e) = &core {
        tracing::error!(code = e.code.as_str(), message = %e.message, "the data folder could not be opened");
    }
    let state = commands::AppState::new(core, data_dir, started);
    commands::start_daily_backup(&state);
    memory::start_trimmer();
    tauri::Builder::default()
        .manage(state)
        .setup(|app| {
            commands::lighter_webview(app);
            Ok(())
        })
        .invoke_handler(app_commands!())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Lawdesk could not start its window: {e}");
            std::process::exit(1);
        });
}
