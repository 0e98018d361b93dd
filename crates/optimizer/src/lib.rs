//! placeholder (being written)
use uops::{EndReason, Trace};

#[derive(Clone, Debug, Default)]
pub struct OptimizerStats {
    pub guards_removed: u64,
}

impl OptimizerStats {
    pub fn add(&mut self, other: &OptimizerStats) {
        self.guards_removed += other.guards_removed;
    }
    pub fn to_text(&self) -> String {
        String::new()
    }
    pub fn to_json(&self) -> String {
        String::new()
    }
}

pub fn optimize(_trace: &mut Trace) -> Result<OptimizerStats, EndReason> {
    Ok(OptimizerStats::default())
}

pub fn annotated_dump(trace: &Trace) -> String {
    trace.dump()
}
