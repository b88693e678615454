//! Stack shuffles (`dup`, `swap`, `rot3l`, ...) as data: how many slots an opcode takes and
//! which of them it leaves, in order. Code generation turns that into moves, `JS_FrozenDup`
//! for slots left twice and `JS_FrozenFree` for slots dropped.

/// (opcode name, slots taken, the taken slots left behind, bottom first).
const SHUFFLES: &[(&str, usize, &[usize])] = &[
    ("drop", 1, &[]),
    ("nip", 2, &[1]),
    ("nip1", 3, &[1, 2]),
    ("dup", 1, &[0, 0]),
    ("dup1", 2, &[0, 0, 1]),
    ("dup2", 2, &[0, 1, 0, 1]),
    ("dup3", 3, &[0, 1, 2, 0, 1, 2]),
    ("insert2", 2, &[1, 0, 1]),
    ("insert3", 3, &[2, 0, 1, 2]),
    ("insert4", 4, &[3, 0, 1, 2, 3]),
    ("perm3", 3, &[1, 0, 2]),
    ("perm4", 4, &[2, 0, 1, 3]),
    ("perm5", 5, &[3, 0, 1, 2, 4]),
    ("swap", 2, &[1, 0]),
    ("swap2", 4, &[2, 3, 0, 1]),
    ("rot3l", 3, &[1, 2, 0]),
    ("rot3r", 3, &[2, 0, 1]),
    ("rot4l", 4, &[1, 2, 3, 0]),
    ("rot5l", 5, &[1, 2, 3, 4, 0]),
];

/// The shuffle an opcode performs, if it is one.
pub fn shuffle(name: &str) -> Option<(usize, &'static [usize])> {
    SHUFFLES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, taken, left)| (taken, left))
}

/// C statements performing the shuffle on the slots `s{depth - taken}..s{depth - 1}`.
pub fn render(taken: usize, left: &[usize], depth: u32) -> String {
    let base = depth as usize - taken;
    let mut c = String::from("{ ");
    for i in 0..taken {
        c.push_str(&format!("JSValue x{i} = s{}; ", base + i));
    }
    let mut used = vec![0usize; taken];
    for (slot, &from) in left.iter().enumerate() {
        let value = if used[from] == 0 {
            format!("x{from}")
        } else {
            format!("JS_FrozenDup(x{from})")
        };
        used[from] += 1;
        c.push_str(&format!("s{} = {value}; ", base + slot));
    }
    for (i, &n) in used.iter().enumerate() {
        if n == 0 {
            c.push_str(&format!("JS_FrozenFree(ctx, x{i}); "));
        }
    }
    c.push('}');
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stack_pattern_opcode_has_a_shuffle_matching_its_stack_effect() {
        use edgebox_opcodes::{HandlerPattern, Opcode};
        for op in Opcode::ALL {
            if op.pattern() != Some(HandlerPattern::Stack) {
                continue;
            }
            let (taken, left) = shuffle(op.name()).unwrap_or_else(|| panic!("{}", op.name()));
            assert_eq!(taken, usize::from(op.info().n_pop), "{}", op.name());
            assert_eq!(left.len(), usize::from(op.info().n_push), "{}", op.name());
        }
    }

    #[test]
    fn dup_duplicates_and_drop_frees() {
        assert_eq!(
            render(1, &[0, 0], 3),
            "{ JSValue x0 = s2; s2 = x0; s3 = JS_FrozenDup(x0); }"
        );
        assert_eq!(
            render(1, &[], 1),
            "{ JSValue x0 = s0; JS_FrozenFree(ctx, x0); }"
        );
    }
}
