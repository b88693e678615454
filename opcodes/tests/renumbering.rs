//! Handler patterns are keyed by name: a header that renumbers opcodes maps every name to the
//! same pattern. The modified header is derived at test time from the pinned one.

use edgebox_opcode_spec::{compare, parse};
use edgebox_opcodes::{pattern, HandlerTable};

#[test]
fn inserting_an_opcode_early_changes_numbers_but_no_pattern() {
    let path = edgebox_vendor::opcode_header();
    let pinned_text = std::fs::read_to_string(&path).unwrap();
    let anchor = "DEF(     push_const, 5, 0, 1, const)";
    assert!(pinned_text.contains(anchor), "pinned header changed shape");
    let modified_text = pinned_text.replace(
        anchor,
        &format!("DEF( push_new_thing, 1, 0, 1, none)\n{anchor}"),
    );

    let pinned = parse("pinned.h", &pinned_text).unwrap();
    let modified = parse("modified.h", &modified_text).unwrap();
    let report = compare(&pinned, &modified);
    assert_eq!(report.added, [("push_new_thing".to_string(), 2)]);
    // Every runtime opcode from push_const on moved up by one (and the temporary ones with nop).
    assert_eq!(report.renumbered.len(), 250 + 19);
    assert!(report.changed.is_empty());

    let runtime = |spec: &edgebox_opcode_spec::Spec| {
        HandlerTable::new(
            spec.runtime()
                .map(|op| (op.name.as_str(), op.byte))
                .collect::<Vec<_>>(),
        )
    };
    let (old_table, new_table) = (runtime(&pinned), runtime(&modified));
    for op in pinned.runtime() {
        let new_byte = modified.get(&op.name).unwrap().byte;
        assert_eq!(old_table.get(op.byte), pattern(&op.name), "{}", op.name);
        assert_eq!(new_table.get(new_byte), pattern(&op.name), "{}", op.name);
    }
    assert_eq!(new_table.get(2), None, "the new opcode has no pattern");
    // A table keyed by number would now be wrong: `undefined`'s old byte holds `private_symbol`.
    let undefined = pinned.get("undefined").unwrap().byte;
    assert_eq!(
        modified
            .runtime()
            .find(|op| op.byte == undefined)
            .unwrap()
            .name,
        "private_symbol"
    );
    assert_ne!(old_table.get(undefined), new_table.get(undefined));
}
