//! Issue 10 part 2: the app lock's password. Only an Argon2id hash is kept; setting,
//! changing and removing need the current password; a wrong one is a coded error that
//! never repeats what was typed. (The window's gate and lock screen are in e2e.rs.)

mod common;

use chrono::Utc;
use lawdesk::domain::secret::Secret;
use lawdesk::domain::ErrorCode;
use lawdesk::services::security::app_lock::{self, LockChange, NewPassword};

const PASSWORD: &str = "Kw9-律师-Пароль";

fn change<'a>(current: Option<&'a Secret>, new: NewPassword<'a>, idle: u32) -> LockChange<'a> {
    LockChange {
        current,
        new,
        idle_minutes: idle,
    }
}

fn field_code(e: &lawdesk::domain::AppError) -> (&str, &str) {
    (e.fields[0].field.as_str(), e.fields[0].code)
}

#[test]
fn set_change_and_remove_need_the_current_password_and_only_a_hash_is_kept() {
    let (dir, core, _) = common::core_with_memory_keychain();
    let pw = Secret::new(PASSWORD);
    assert!(!app_lock::settings(&core).unwrap().enabled);
    // Too short; idle minutes out of range; nothing to keep without a lock.
    let short = Secret::new("1234567");
    let e = app_lock::change(
        &core,
        &change(None, NewPassword::Set(&short), 15),
        Utc::now(),
    )
    .unwrap_err();
    assert_eq!(field_code(&e), ("new_password", "password_short"));
    let e =
        app_lock::change(&core, &change(None, NewPassword::Set(&pw), 0), Utc::now()).unwrap_err();
    assert_eq!(field_code(&e), ("idle_minutes", "idle_minutes"));
    assert!(!app_lock::settings(&core).unwrap().enabled);

    let s = app_lock::change(&core, &change(None, NewPassword::Set(&pw), 5), Utc::now()).unwrap();
    assert!(s.enabled && s.idle_minutes == 5);
    app_lock::check(&core, &pw).unwrap();
    let wrong = Secret::new("Kw9-律师-Пароль!");
    let e = app_lock::check(&core, &wrong).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassword);
    assert!(!e.message.contains("Kw9"), "{}", e.message);

    // Changing or removing without the current password changes nothing.
    let other = Secret::new("another password");
    for current in [None, Some(&wrong)] {
        for new in [
            NewPassword::Set(&other),
            NewPassword::Remove,
            NewPassword::Keep,
        ] {
            let e = app_lock::change(&core, &change(current, new, 30), Utc::now()).unwrap_err();
            assert_eq!(field_code(&e), ("current_password", "password_wrong"));
        }
    }
    app_lock::check(&core, &pw).unwrap();
    assert_eq!(app_lock::settings(&core).unwrap().idle_minutes, 5);

    // The password is nowhere in the data folder, in any encoding a scan would find.
    core.database()
        .read(|c| {
            c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
            Ok(())
        })
        .unwrap();
    for (path, bytes) in common::all_bytes_below(dir.path()) {
        assert!(
            !common::contains(&bytes, PASSWORD.as_bytes()),
            "{}",
            path.display()
        );
    }

    let s = app_lock::change(
        &core,
        &change(Some(&pw), NewPassword::Set(&other), 30),
        Utc::now(),
    )
    .unwrap();
    assert_eq!(s.idle_minutes, 30);
    app_lock::check(&core, &other).unwrap();
    assert_eq!(
        app_lock::check(&core, &pw).unwrap_err().code,
        ErrorCode::WrongPassword
    );
    app_lock::change(
        &core,
        &change(Some(&other), NewPassword::Remove, 30),
        Utc::now(),
    )
    .unwrap();
    assert!(!app_lock::settings(&core).unwrap().enabled);
    app_lock::check(&core, &wrong).unwrap();
}
