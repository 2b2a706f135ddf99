//! Collections: the dunning ladder, holds, arrangements, the daily run, legal clocks and
//! the claim pack; and statutory interest with the rate tables it reads.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::letters::Progress;
use crate::domain::collections::acknowledgment::AcknowledgmentInput;
use crate::domain::collections::arrangement::ArrangementInput;
use crate::domain::collections::hold::HoldInput;
use crate::domain::collections::ladder::{LadderInput, Stage};
use crate::domain::ids::{ClientId, HoldId, MatterId};
use crate::domain::interest::{InterestInput, InterestOutcome, RateRow, Rule};
use crate::domain::{AppError, AppResult};
use crate::services::collections::{self, acknowledgments, claim_pack, clocks, due, run};
use crate::services::Core;

pub use crate::services::collections::acknowledgments::AcknowledgmentRow;
pub use crate::services::collections::claim_pack::ClaimPackOut;
pub use crate::services::collections::clocks::{ClientClock, RunningOut};
pub use crate::services::collections::due::Overview;
pub use crate::services::collections::run::{Done, Pick, RunOutcome};
pub use crate::services::collections::{ActionRow, ArrangementRow, HoldRow};
pub use crate::services::fees::interest::RateTableView;

request! {
    /// The firm's dunning ladder, stage by stage.
    GetLadder {} -> Vec<Stage>,
    |r, core| collections::ladder(core)
}

request! {
    /// Replaces the dunning ladder.
    SaveLadder { input: LadderInput } -> Vec<Stage>,
    |r, core| collections::set_ladder(core, &r.input, core.now())
}

request! {
    /// Holds on the ladder (of one client, or all); `all`: released ones too.
    ListHolds { client: Option<ClientId>, all: bool } -> Vec<HoldRow>,
    |r, core| collections::holds(core, r.client.map(|c| c.0), r.all)
}

request! {
    /// Pauses the ladder for a client or one invoice, for a reason.
    AddHold { input: HoldInput } -> HoldRow,
    |r, core| collections::add_hold(core, &r.input, core.today(), core.now())
}

request! {
    /// Releases a hold (an arrangement's hold cancels the arrangement).
    ReleaseHold { id: HoldId } -> HoldRow,
    |r, core| collections::release_hold(core, r.id, core.today(), core.now())
}

request! {
    /// Payment arrangements (of one client, or all).
    ListArrangements { client: Option<ClientId> } -> Vec<ArrangementRow>,
    |r, core| collections::arrangements(core, r.client.map(|c| c.0))
}

request! {
    /// Agrees a payment arrangement in instalments with a client; pauses its ladder.
    AddArrangement { client: ClientId, input: ArrangementInput } -> ArrangementRow,
    |r, core| collections::add_arrangement(core, r.client, &r.input, core.today(), core.now())
}

request! {
    /// The collection actions done (of one client, or all), newest first, at most `limit`.
    ListCollectionActions { client: Option<ClientId>, limit: i64 } -> Vec<ActionRow>,
    |r, core| collections::actions(core, r.client.map(|c| c.0), r.limit)
}

request! {
    /// The daily run's due actions and every overdue client's stage, nothing written
    /// (`as_of`: absent is today).
    ListDueActions { as_of: Option<NaiveDate> } -> Overview,
    |r, core| due::overview(core, r.as_of.unwrap_or(core.today()))
}

/// Which of the due actions a run does.
#[derive(Debug)]
pub enum Selection {
    /// Every due action.
    All,
    /// The actions the lawyer confirmed.
    Picked(Vec<Pick>),
    /// The due action of this client.
    Client(ClientId),
    /// The due actions at this ladder stage.
    Stage(String),
}

request! {
    /// Does the due actions selected (letters kept, call tasks, hand-overs, each logged),
    /// copies of the letters in `out_dir` when given (`as_of`: absent is today).
    RunCollections {
        as_of: Option<NaiveDate>,
        select: Selection,
        out_dir: Option<PathBuf>,
        allow_missing: bool,
        progress: Progress,
    } -> RunOutcome,
    |r, core| {
        let as_of = r.as_of.unwrap_or(core.today());
        run_selected(core, as_of, r.select, r.out_dir.as_deref(), r.allow_missing, r.progress)
    }
}

request! {
    /// Writes the letters due at a letter stage the firm added to its ladder (kept and
    /// logged, copies in `out_dir`); the first failure is the error.
    WriteLadderLetters { stage: String, as_of: Option<NaiveDate>, out_dir: PathBuf } -> Vec<Done>,
    |r, core| {
        let ladder = collections::ladder(core)?;
        if !ladder.iter().any(|s| s.code == r.stage && s.action.letter_kind().is_some()) {
            return Err(AppError::field("stage", "letter_stage"));
        }
        crate::services::files::check_new_folder_target(core.data_dir(), &r.out_dir, "out_dir")?;
        std::fs::create_dir_all(&r.out_dir)?;
        let as_of = r.as_of.unwrap_or(core.today());
        let select = Selection::Stage(r.stage);
        let out = run_selected(core, as_of, select, Some(&r.out_dir), false, Progress::none())?;
        match out.failed.into_iter().next() {
            Some(f) => Err(f.error),
            None => Ok(out.done),
        }
    }
}

/// The run of the actions `select` names on `as_of`.
fn run_selected(
    core: &Core,
    as_of: NaiveDate,
    select: Selection,
    out_dir: Option<&Path>,
    allow_missing: bool,
    mut progress: Progress,
) -> AppResult<RunOutcome> {
    let picks = match select {
        Selection::All => None,
        Selection::Picked(p) => Some(p),
        Selection::Client(c) => Some(picks_where(core, as_of, |d| d.client_id == c.0)?),
        Selection::Stage(s) => Some(picks_where(core, as_of, |d| d.stage == s)?),
    };
    let opts = run::RunOptions {
        as_of,
        picks: picks.as_deref(),
        out_dir,
        allow_missing,
    };
    run::run(core, opts, core.today(), core.now(), &mut |done, total| {
        progress.report(done, total)
    })
}

/// The due actions on `as_of` that `keep` selects, as picks for a run.
fn picks_where(
    core: &Core,
    as_of: NaiveDate,
    keep: impl Fn(&due::DueAction) -> bool,
) -> AppResult<Vec<Pick>> {
    Ok(due::overview(core, as_of)?
        .due
        .iter()
        .filter(|d| keep(d))
        .map(|d| Pick {
            client_id: d.client_id,
            stage: d.stage.clone(),
        })
        .collect())
}

request! {
    /// The legal clocks of one matter, of one client, or of every client with overdue
    /// invoices (`as_of`: absent is today); `warning_only`: those with 90 days or fewer left.
    ListLegalClocks {
        client: Option<ClientId>,
        matter: Option<MatterId>,
        as_of: Option<NaiveDate>,
        warning_only: bool,
    } -> Vec<ClientClock>,
    |r, core| {
        let as_of = r.as_of.unwrap_or(core.today());
        let mut list = match r.matter {
            Some(m) => clocks::matter_clocks(core, m, as_of)?,
            None => clocks::clocks(core, r.client, as_of)?,
        };
        if r.warning_only {
            list.retain(|c| c.warning);
        }
        Ok(list)
    }
}

request! {
    /// The clocks that run out within 90 days, today (at most `limit`: 20 when absent,
    /// never more than 200).
    ListClocksRunningOut { limit: Option<usize> } -> RunningOut,
    |r, core| clocks::running_out(core, core.today(), r.limit.unwrap_or(20).min(200))
}

request! {
    /// Records the debtor's signed written acknowledgment of its debt (Limitation Act 1980
    /// s.29(5), s.30).
    RecordAcknowledgment { input: AcknowledgmentInput } -> AcknowledgmentRow,
    |r, core| acknowledgments::record(core, &r.input, core.today(), core.now())
}

request! {
    /// A client's recorded acknowledgments, latest first.
    ListAcknowledgments { client: ClientId } -> Vec<AcknowledgmentRow>,
    |r, core| acknowledgments::list(core, r.client)
}

/// Where a claim pack goes.
#[derive(Debug)]
pub enum ClaimPackTo {
    /// The PDF at this path, and the ZIP of the originals when given.
    Files { pdf: PathBuf, zip: Option<PathBuf> },
    /// `<client> - claim pack.pdf` and `.zip` in this folder.
    Folder(PathBuf),
}

request! {
    /// Builds a client's claim pack for the court or a collector: one bookmarked PDF and,
    /// when asked, a ZIP of the originals.
    BuildClaimPack { client: ClientId, to: ClaimPackTo } -> ClaimPackOut,
    |r, core| {
        let (pdf, zip) = match r.to {
            ClaimPackTo::Files { pdf, zip } => (pdf, zip),
            ClaimPackTo::Folder(dir) => {
                let name = crate::services::client_file::clients::name(core, r.client)?;
                let stem = crate::letters::file_name::sanitize_file_name(
                    &format!("{name} - claim pack"),
                    "pdf",
                );
                let pdf = dir.join(stem);
                let zip = pdf.with_extension("zip");
                (pdf, Some(zip))
            }
        };
        claim_pack::build(core, r.client, &pdf, zip.as_deref(), core.today(), core.now())
    }
}

request! {
    /// Late interest on one debt by a rule (contract, daily or statutory from the rate
    /// tables); a table out of date today makes the result carry a warning.
    ComputeInterest { input: InterestInput } -> InterestOutcome,
    |r, core| crate::services::fees::interest::compute(core, &r.input, core.today())
}

request! {
    /// The rate table a statutory rule reads (shipped rows and the user's newer ones),
    /// with a warning when it is out of date today.
    GetRateTable { rule: Rule } -> RateTableView,
    |r, core| crate::services::fees::interest::rates(core, r.rule, core.today())
}

request! {
    /// Adds a newer rate to the table a rule reads (after its last row).
    AddRate { rule: Rule, from: NaiveDate, rate: Decimal, source: String } -> RateRow,
    |r, core| {
        crate::services::fees::interest::add_rate(core, r.rule, r.from, r.rate, &r.source, core.now())
    }
}
