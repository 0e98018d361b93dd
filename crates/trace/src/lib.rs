//! Tier 2's trace recorder.
//!
//! The interpreter hands the recorder each instruction just before it runs
//! it ([`Recorder::record`]), as CPython 3.15 records (gh-139109): what is
//! written down is what actually executed, in its specialized form, not a
//! projection from the inline caches. Each instruction becomes the uops of
//! its [`uops::expansion`]; a conditional jump becomes a guard on the
//! direction the recording took, which the recorder learns from where the
//! next instruction is. Recording stops when execution comes back to the
//! loop head (a closed loop), or at an instruction tier 2 cannot run (the
//! trace then ends in an exit to tier 1 there), or gives up (an
//! [`EndReason`] the stats count).
//!
//! This crate must never know about runtime values: the interpreter
//! describes what the recorder needs in plain words ([`Step`]).

use bytecode::Opcode;
use uops::{EndReason, Expansion, Trace, TraceOp, Uop};

/// Uops a trace may hold before recording gives up.
pub const MAX_TRACE_LENGTH: usize = 400;

/// Python calls a trace follows at most this deep.
pub const MAX_CALL_DEPTH: usize = 4;

/// Instructions a trace that does not close its loop must cover to be
/// kept (shorter ones cost more to enter and leave than they save).
pub const MIN_INSTRUCTIONS: usize = 3;

/// What the value on top of the stack is, for a conditional jump.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopKind {
    Bool,
    None,
    Other,
}

/// One instruction about to run, as the interpreter describes it.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    /// Which frame runs it (its depth on the frame stack).
    pub frame: usize,
    /// Identity of the code object (its address).
    pub code: usize,
    /// The instruction's index.
    pub ip: u32,
    /// The instruction as it is now (specialized or not).
    pub opcode: Opcode,
    pub oparg: u32,
    /// The instruction's inline-cache words (`data`, `data2`, `data3`).
    pub cache: [u64; 3],
    /// For `LOAD_CONST`: the constant's bits.
    pub constant: u64,
    /// For a conditional jump: what it branches on.
    pub top: TopKind,
    /// The frame's globals dict and the builtins dict (values' bits).
    pub globals: u64,
    pub builtins: u64,
    /// For `LOAD_GLOBAL_*`: the value it loads now (its bits).
    pub global_value: u64,
    /// For an instance attribute form: the receiver is of the class, class
    /// version and layout its inline cache holds (what the guards will
    /// check).
    pub cache_hit: bool,
}

/// What the interpreter should do after a step.
#[derive(Debug, PartialEq, Eq)]
pub enum Recording {
    /// Run the instruction and report the next one.
    Continue,
    /// The trace is complete (before this step's instruction, which is
    /// not part of it); `EndReason::ClosedLoop` or the reason the trace
    /// ends in an exit.
    Done(Trace, EndReason),
    /// Recording gave up; no trace.
    Aborted(EndReason),
}

/// A conditional instruction whose direction the next step reveals.
#[derive(Clone, Copy)]
enum Pending {
    Branch {
        step: Step,
        jumped: &'static [Uop],
        fell_through: &'static [Uop],
    },
    ForIter {
        step: Step,
        uops: &'static [Uop],
        /// The uops when tier 1 fuses the next instruction's unpacking
        /// (empty if the form never does).
        pair: &'static [Uop],
    },
    /// A call: the next step runs in the callee's new frame.
    Call,
    /// A return from a callee: the next step runs in its caller.
    Return,
}

/// Records one trace, starting at a loop head (a root trace) or at a hot
/// exit of another trace (a side trace, which closes at its root's loop
/// head).
pub struct Recorder {
    frame: usize,
    /// The code object run at each call depth the trace is in (the
    /// trace's own first).
    codes: Vec<usize>,
    start: u32,
    /// The loop head that closes the trace (its code object and
    /// instruction: a side trace may start in another function's frame),
    /// and the uop that closes it.
    loop_code: usize,
    loop_head: u32,
    closing: Uop,
    ops: Vec<TraceOp>,
    instructions: usize,
    pending: Option<Pending>,
    /// The previous step's frame and instruction and where its uops
    /// begin: tier 1 runs an instruction again at once when its
    /// specialized form misses (the generic form runs instead), and the
    /// second run replaces the first.
    last: Option<(usize, u32, usize)>,
}

impl Recorder {
    /// Starts recording at instruction `start` (a loop head) of `code`,
    /// run by the frame at depth `frame`.
    pub fn new(frame: usize, code: usize, start: u32) -> Recorder {
        let mut recorder = Recorder::side(frame, code, start, code, start);
        recorder.closing = Uop::JumpToTop;
        recorder
    }

    /// Starts recording a side trace at instruction `start` of `code`
    /// (where a hot exit resumes), to close with [`Uop::JumpToRoot`] when
    /// its first frame reaches instruction `loop_head` of `loop_code` (the
    /// root's loop head; a frame of another function never does).
    pub fn side(
        frame: usize,
        code: usize,
        start: u32,
        loop_code: usize,
        loop_head: u32,
    ) -> Recorder {
        Recorder {
            frame,
            codes: vec![code],
            start,
            loop_code,
            loop_head,
            closing: Uop::JumpToRoot,
            ops: Vec::new(),
            instructions: 0,
            pending: None,
            last: None,
        }
    }

    /// The loop head the recording started at.
    pub fn start(&self) -> u32 {
        self.start
    }

    fn emit(&mut self, uops: &[Uop], step: &Step) {
        for &uop in uops {
            let mut op = TraceOp::new(uop, step.oparg, step.ip);
            match uop {
                Uop::LoadConst => op.operand0 = step.constant,
                Uop::GuardCallable => op.operand0 = step.cache[0],
                Uop::GuardGlobalsVersion => {
                    (op.operand0, op.operand1) = (step.cache[0], step.globals)
                }
                Uop::GuardBuiltinsVersion => {
                    (op.operand0, op.operand1) = (step.cache[2], step.builtins)
                }
                Uop::LoadGlobalModule | Uop::LoadGlobalBuiltin => {
                    (op.operand0, op.operand1) = (step.global_value, step.cache[1])
                }
                Uop::GuardTypeVersion => {
                    (op.operand0, op.operand1) = (step.cache[0], step.cache[1] & 0xffff_ffff)
                }
                Uop::GuardShape => op.operand0 = step.cache[1] >> 32,
                Uop::PushInitFrame => (op.operand0, op.operand1) = (step.cache[2], step.cache[1]),
                Uop::LoadAttrInstanceValue | Uop::LoadAttrMethod | Uop::StoreAttrInstanceValue => {
                    op.operand0 = step.cache[2]
                }
                _ => {}
            }
            self.ops.push(op);
        }
    }

    /// Ends the trace before `ip` with an exit there, or gives up when too
    /// little was recorded.
    fn exit_at(&mut self, ip: u32, reason: EndReason) -> Recording {
        if self.instructions < MIN_INSTRUCTIONS {
            return Recording::Aborted(reason);
        }
        self.ops.push(TraceOp::new(Uop::ExitTrace, 0, ip));
        Recording::Done(self.take_trace(), reason)
    }

    fn take_trace(&mut self) -> Trace {
        Trace {
            ops: std::mem::take(&mut self.ops),
            start: self.start,
            loop_start: 0,
            facts: Vec::new(),
            dependencies: Vec::new(),
        }
    }

    /// Records the instruction about to run.
    pub fn record(&mut self, step: &Step) -> Recording {
        if step.frame < self.frame {
            return Recording::Aborted(EndReason::LeftStartFrame);
        }
        let depth = step.frame - self.frame;
        if let Some((frame, ip, ops)) = self.last.take()
            && frame == step.frame
            && ip == step.ip
        {
            // Run again: forget the first run.
            self.ops.truncate(ops);
            self.pending = None;
            self.instructions -= 1;
        }
        // Resolve the direction of the previous instruction.
        if let Some(pending) = self.pending.take() {
            match pending {
                Pending::Branch {
                    step: branch,
                    jumped,
                    fell_through,
                } => {
                    let uops = if step.ip == branch.oparg {
                        jumped
                    } else {
                        fell_through
                    };
                    self.emit(uops, &branch);
                }
                Pending::ForIter {
                    step: for_iter,
                    uops,
                    pair,
                } => {
                    if step.ip == for_iter.oparg {
                        return Recording::Aborted(EndReason::LoopExited);
                    }
                    if step.ip == for_iter.ip + 2 && !pair.is_empty() {
                        // Tier 1 pushed the pair's items and skipped the
                        // unpacking.
                        self.emit(pair, &for_iter);
                        self.instructions += 1;
                    } else {
                        self.emit(uops, &for_iter);
                    }
                }
                Pending::Call => {
                    if depth != self.codes.len() || step.ip != 0 {
                        // The call did not enter a plain frame.
                        return Recording::Aborted(EndReason::UnsupportedCall);
                    }
                    self.codes.push(step.code);
                }
                Pending::Return => {
                    if depth + 2 != self.codes.len() {
                        return Recording::Aborted(EndReason::UnsupportedCall);
                    }
                    self.codes.pop();
                }
            }
        }
        if depth + 1 != self.codes.len() || self.codes[depth] != step.code {
            // A frame the recording did not enter (a call from native
            // code, a generator resumed).
            return Recording::Aborted(EndReason::UnsupportedCall);
        }
        if self.ops.len() >= MAX_TRACE_LENGTH {
            return Recording::Aborted(EndReason::TraceTooLong);
        }
        let at_loop_head = depth == 0 && step.code == self.loop_code && step.ip == self.loop_head;
        if at_loop_head && self.instructions > 0 {
            self.ops.push(TraceOp::new(self.closing, 0, self.loop_head));
            return Recording::Done(self.take_trace(), EndReason::ClosedLoop);
        }
        if step.opcode != Opcode::JumpBackward {
            // (A backward jump to itself is a loop, not a second run.)
            self.last = Some((step.frame, step.ip, self.ops.len()));
        }
        let attribute_form = matches!(
            step.opcode,
            Opcode::LoadAttrInstanceValue | Opcode::LoadAttrMethod | Opcode::StoreAttrInstanceValue
        );
        if attribute_form && !step.cache_hit {
            return self.exit_at(step.ip, EndReason::PolymorphicAttribute);
        }
        match uops::expansion(step.opcode) {
            Expansion::Uops(uops) => self.emit(uops, step),
            Expansion::Branch {
                jumped,
                fell_through,
            } => {
                let expected = match step.opcode {
                    Opcode::PopJumpIfNone | Opcode::PopJumpIfNotNone => true,
                    _ => step.top == TopKind::Bool,
                };
                if !expected {
                    return self.exit_at(step.ip, EndReason::BranchOnNonBool);
                }
                self.pending = Some(Pending::Branch {
                    step: *step,
                    jumped,
                    fell_through,
                });
            }
            Expansion::ForIter(uops) => {
                self.pending = Some(Pending::ForIter {
                    step: *step,
                    uops,
                    pair: &[],
                });
            }
            Expansion::ForIterPair { single, pair } => {
                self.pending = Some(Pending::ForIter {
                    step: *step,
                    uops: single,
                    pair,
                });
            }
            Expansion::Jump => {}
            Expansion::Call(uops) => {
                if self.codes.len() > MAX_CALL_DEPTH {
                    return self.exit_at(step.ip, EndReason::CallTooDeep);
                }
                self.emit(uops, step);
                self.pending = Some(Pending::Call);
            }
            Expansion::Return(uops) => {
                if depth == 0 {
                    return self.exit_at(step.ip, EndReason::LeftStartFrame);
                }
                self.emit(uops, step);
                self.pending = Some(Pending::Return);
            }
            Expansion::JumpBackward => {
                if depth != 0 || step.code != self.loop_code || step.oparg != self.loop_head {
                    return self.exit_at(step.ip, EndReason::InnerLoop);
                }
                // The next step is at the start and closes the loop.
            }
            Expansion::EndsTrace(reason) => return self.exit_at(step.ip, reason),
        }
        self.instructions += 1;
        Recording::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(ip: u32, opcode: Opcode, oparg: u32) -> Step {
        Step {
            frame: 0,
            code: 1,
            ip,
            opcode,
            oparg,
            cache: [0; 3],
            constant: 0,
            top: TopKind::Bool,
            globals: 0,
            builtins: 0,
            global_value: 0,
            cache_hit: true,
        }
    }

    fn uops_of(trace: &Trace) -> Vec<Uop> {
        trace.ops.iter().map(|op| op.uop).collect()
    }

    #[test]
    fn a_counting_loop_closes() {
        // 10: FOR_ITER_RANGE -> 15; 11: STORE_FAST i; 12: LOAD_FAST;
        // 13: POP_TOP; 14: JUMP_BACKWARD 10
        let mut r = Recorder::new(0, 1, 10);
        let steps = [
            step(10, Opcode::ForIterRange, 15),
            step(11, Opcode::StoreFast, 0),
            step(12, Opcode::LoadFast, 0),
            step(13, Opcode::PopTop, 0),
            step(14, Opcode::JumpBackward, 10),
        ];
        for s in &steps {
            assert_eq!(r.record(s), Recording::Continue);
        }
        let Recording::Done(trace, EndReason::ClosedLoop) = r.record(&steps[0]) else {
            panic!("loop not closed");
        };
        assert_eq!(
            uops_of(&trace),
            [
                Uop::GuardIterRange,
                Uop::ForIterRangeNext,
                Uop::StoreFast,
                Uop::LoadFast,
                Uop::PopTop,
                Uop::JumpToTop
            ]
        );
        // The iterator's exhaustion exits at the FOR_ITER itself.
        assert_eq!(trace.ops[1].target, 10);
    }

    #[test]
    fn branches_become_guards_on_the_direction_taken() {
        let mut r = Recorder::new(0, 1, 0);
        assert_eq!(r.record(&step(0, Opcode::LoadFast, 0)), Recording::Continue);
        assert_eq!(
            r.record(&step(1, Opcode::PopJumpIfFalse, 5)),
            Recording::Continue
        );
        // Jumped to 5.
        assert_eq!(r.record(&step(5, Opcode::LoadFast, 1)), Recording::Continue);
        assert_eq!(
            r.record(&step(6, Opcode::PopJumpIfTrue, 9)),
            Recording::Continue
        );
        // Fell through to 7.
        assert_eq!(
            r.record(&step(7, Opcode::JumpBackward, 0)),
            Recording::Continue
        );
        let Recording::Done(trace, _) = r.record(&step(0, Opcode::LoadFast, 0)) else {
            panic!()
        };
        assert_eq!(
            uops_of(&trace),
            [
                Uop::LoadFast,
                Uop::GuardIsFalse,
                Uop::LoadFast,
                Uop::GuardIsFalse,
                Uop::JumpToTop
            ]
        );
    }

    #[test]
    fn unsupported_instructions_end_the_trace_in_an_exit() {
        let mut r = Recorder::new(0, 1, 0);
        for ip in 0..3 {
            assert_eq!(
                r.record(&step(ip, Opcode::LoadFast, 0)),
                Recording::Continue
            );
        }
        let Recording::Done(trace, EndReason::UnsupportedInstruction) =
            r.record(&step(3, Opcode::BuildTuple, 3))
        else {
            panic!()
        };
        assert_eq!(trace.ops.last().unwrap().uop, Uop::ExitTrace);
        assert_eq!(trace.ops.last().unwrap().target, 3);
    }

    #[test]
    fn short_traces_and_unspecialized_instructions_abort() {
        let mut r = Recorder::new(0, 1, 0);
        assert_eq!(r.record(&step(0, Opcode::LoadFast, 0)), Recording::Continue);
        assert_eq!(
            r.record(&step(1, Opcode::BinaryOp, 0)),
            Recording::Aborted(EndReason::NotSpecialized)
        );
    }

    #[test]
    fn leaving_the_frame_and_inner_loops() {
        let mut r = Recorder::new(2, 1, 0);
        let mut s = step(0, Opcode::LoadFast, 0);
        s.frame = 1;
        assert_eq!(r.record(&s), Recording::Aborted(EndReason::LeftStartFrame));
        let mut r = Recorder::new(0, 1, 0);
        for ip in 0..3 {
            assert_eq!(r.record(&step(ip, Opcode::Nop, 0)), Recording::Continue);
        }
        assert!(matches!(
            r.record(&step(3, Opcode::JumpBackward, 1)),
            Recording::Done(_, EndReason::InnerLoop)
        ));
    }

    #[test]
    fn an_instruction_run_again_replaces_its_first_run() {
        // A specialized FOR_ITER that misses runs again as the generic form.
        let mut r = Recorder::new(0, 1, 0);
        assert_eq!(
            r.record(&step(0, Opcode::ForIterList, 9)),
            Recording::Continue
        );
        assert_eq!(
            r.record(&step(0, Opcode::ForIter, 9)),
            Recording::Aborted(EndReason::NotSpecialized)
        );
        let mut r = Recorder::new(0, 1, 0);
        for ip in 0..3 {
            assert_eq!(
                r.record(&step(ip, Opcode::LoadFast, 0)),
                Recording::Continue
            );
        }
        assert_eq!(
            r.record(&step(3, Opcode::BinaryOpAddInt, 0)),
            Recording::Continue
        );
        let Recording::Done(trace, EndReason::NotSpecialized) =
            r.record(&step(3, Opcode::BinaryOp, 0))
        else {
            panic!()
        };
        assert_eq!(
            uops_of(&trace),
            [Uop::LoadFast, Uop::LoadFast, Uop::LoadFast, Uop::ExitTrace]
        );
    }

    #[test]
    fn a_side_trace_closes_at_its_root_loop_head() {
        // Recorded from a hot exit at 5 of the loop whose head is 0.
        let mut r = Recorder::side(0, 1, 5, 1, 0);
        assert_eq!(r.record(&step(5, Opcode::LoadFast, 1)), Recording::Continue);
        assert_eq!(
            r.record(&step(6, Opcode::StoreFast, 2)),
            Recording::Continue
        );
        assert_eq!(
            r.record(&step(7, Opcode::JumpBackward, 0)),
            Recording::Continue
        );
        let Recording::Done(trace, EndReason::ClosedLoop) = r.record(&step(0, Opcode::Nop, 0))
        else {
            panic!()
        };
        assert_eq!(
            uops_of(&trace),
            [Uop::LoadFast, Uop::StoreFast, Uop::JumpToRoot]
        );
    }

    #[test]
    fn calls_are_followed_into_the_callee_and_back() {
        let mut r = Recorder::new(0, 1, 0);
        assert_eq!(r.record(&step(0, Opcode::LoadFast, 0)), Recording::Continue);
        let mut call = step(1, Opcode::CallPyExactArgs, 1);
        call.cache[0] = 0xf00;
        assert_eq!(r.record(&call), Recording::Continue);
        // The callee (code 2) in frame 1.
        let mut inside = step(0, Opcode::LoadFast, 0);
        inside.frame = 1;
        inside.code = 2;
        assert_eq!(r.record(&inside), Recording::Continue);
        let mut ret = step(1, Opcode::ReturnValue, 0);
        ret.frame = 1;
        ret.code = 2;
        assert_eq!(r.record(&ret), Recording::Continue);
        assert_eq!(
            r.record(&step(2, Opcode::StoreFast, 1)),
            Recording::Continue
        );
        assert_eq!(
            r.record(&step(3, Opcode::JumpBackward, 0)),
            Recording::Continue
        );
        let Recording::Done(trace, EndReason::ClosedLoop) = r.record(&step(0, Opcode::LoadFast, 0))
        else {
            panic!()
        };
        assert_eq!(
            uops_of(&trace),
            [
                Uop::LoadFast,
                Uop::GuardCallable,
                Uop::PushFrame,
                Uop::LoadFast,
                Uop::PopFrame,
                Uop::StoreFast,
                Uop::JumpToTop
            ]
        );
        assert_eq!(trace.ops[1].operand0, 0xf00);
    }

    #[test]
    fn calls_nest_to_a_limit_and_returns_from_the_loop_frame_end_it() {
        let mut r = Recorder::new(0, 1, 0);
        for depth in 0..MAX_CALL_DEPTH {
            let mut s = step(0, Opcode::Nop, 0);
            s.frame = depth;
            s.code = 1 + depth;
            assert_eq!(r.record(&s), Recording::Continue);
            let mut call = step(1, Opcode::CallPyExactArgs, 0);
            call.frame = depth;
            call.code = 1 + depth;
            assert_eq!(r.record(&call), Recording::Continue, "depth {depth}");
        }
        let mut s = step(0, Opcode::Nop, 0);
        s.frame = MAX_CALL_DEPTH;
        s.code = 1 + MAX_CALL_DEPTH;
        assert_eq!(r.record(&s), Recording::Continue);
        let mut call = step(1, Opcode::CallPyExactArgs, 0);
        call.frame = MAX_CALL_DEPTH;
        call.code = 1 + MAX_CALL_DEPTH;
        assert!(matches!(
            r.record(&call),
            Recording::Done(_, EndReason::CallTooDeep)
        ));
        let mut r = Recorder::new(0, 1, 0);
        for ip in 0..3 {
            assert_eq!(r.record(&step(ip, Opcode::Nop, 0)), Recording::Continue);
        }
        assert!(matches!(
            r.record(&step(3, Opcode::ReturnValue, 0)),
            Recording::Done(_, EndReason::LeftStartFrame)
        ));
    }

    #[test]
    fn a_branch_on_a_non_bool_ends_the_trace() {
        // (The compiler puts a `TO_BOOL` before every branch, so tier 1
        // always branches on a bool; the recorder still checks.)
        let mut r = Recorder::new(0, 1, 0);
        for ip in 0..3 {
            assert_eq!(
                r.record(&step(ip, Opcode::LoadFast, 0)),
                Recording::Continue
            );
        }
        let mut branch = step(3, Opcode::PopJumpIfFalse, 9);
        branch.top = TopKind::Other;
        assert!(matches!(
            r.record(&branch),
            Recording::Done(_, EndReason::BranchOnNonBool)
        ));
    }

    #[test]
    fn an_enumerate_whose_pair_tier_1_unpacks_records_the_fused_form() {
        let mut r = Recorder::new(0, 1, 0);
        assert_eq!(
            r.record(&step(0, Opcode::ForIterEnumerate, 9)),
            Recording::Continue
        );
        // Tier 1 skipped the UNPACK_SEQUENCE at 1.
        assert_eq!(
            r.record(&step(2, Opcode::StoreFast, 0)),
            Recording::Continue
        );
        assert_eq!(
            r.record(&step(3, Opcode::StoreFast, 1)),
            Recording::Continue
        );
        assert_eq!(
            r.record(&step(4, Opcode::JumpBackward, 0)),
            Recording::Continue
        );
        let Recording::Done(trace, EndReason::ClosedLoop) = r.record(&step(0, Opcode::Nop, 0))
        else {
            panic!()
        };
        assert_eq!(
            uops_of(&trace),
            [
                Uop::ForIterEnumeratePairNext,
                Uop::StoreFast,
                Uop::StoreFast,
                Uop::JumpToTop
            ]
        );
    }

    #[test]
    fn a_side_trace_in_another_function_does_not_close_at_the_same_index() {
        // Started in a callee's frame (code 2); the root's loop head is
        // instruction 0 of code 1. Instruction 0 of code 2 is not it.
        let mut r = Recorder::side(1, 2, 3, 1, 0);
        let mut s = step(3, Opcode::LoadFast, 0);
        s.code = 2;
        s.frame = 1;
        assert_eq!(r.record(&s), Recording::Continue);
        let mut s = step(4, Opcode::JumpBackward, 0);
        s.code = 2;
        s.frame = 1;
        assert!(matches!(
            r.record(&s),
            Recording::Aborted(EndReason::InnerLoop)
        ));
        let mut r = Recorder::side(1, 2, 3, 1, 0);
        for ip in [3, 0, 1, 2] {
            let mut s = step(ip, Opcode::Nop, 0);
            s.code = 2;
            s.frame = 1;
            assert_eq!(r.record(&s), Recording::Continue, "ip {ip}");
        }
    }

    #[test]
    fn the_length_limit_aborts() {
        let mut r = Recorder::new(0, 1, 0);
        let mut ip = 1;
        loop {
            match r.record(&step(ip, Opcode::LoadFast, 0)) {
                Recording::Continue => ip += 1,
                outcome => {
                    assert_eq!(outcome, Recording::Aborted(EndReason::TraceTooLong));
                    break;
                }
            }
        }
    }
}
