//! What changed between two headers: the report `edgeboxc gen-opcodes` prints.

use std::fmt;

use crate::Spec;

/// One property of an opcode that differs between the two headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Opcode name.
    pub name: String,
    /// `size`, `n_pop`, `n_push`, `format` or `kind` (runtime/temporary).
    pub field: &'static str,
    /// Value in the base header.
    pub old: String,
    /// Value in the new header.
    pub new: String,
}

/// Differences from a base header to a new one. Opcodes are matched by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Opcodes only in the new header: (name, byte).
    pub added: Vec<(String, u8)>,
    /// Opcodes only in the base header: (name, byte).
    pub removed: Vec<(String, u8)>,
    /// Opcodes whose number changed: (name, old byte, new byte).
    pub renumbered: Vec<(String, u8, u8)>,
    /// Opcodes whose size, stack effect, format or kind changed.
    pub changed: Vec<Change>,
    /// Formats only in the new header.
    pub formats_added: Vec<String>,
    /// Formats only in the base header.
    pub formats_removed: Vec<String>,
}

impl Report {
    /// True when both headers define the same table.
    pub fn is_empty(&self) -> bool {
        *self == Report::default()
    }
}

/// Compares `base` (e.g. the table compiled into edgeboxc) with `new` (e.g. an upgraded header).
pub fn compare(base: &Spec, new: &Spec) -> Report {
    let mut report = Report::default();
    for op in &new.opcodes {
        match base.get(&op.name) {
            None => report.added.push((op.name.clone(), op.byte)),
            Some(old) => {
                if old.byte != op.byte {
                    report.renumbered.push((op.name.clone(), old.byte, op.byte));
                }
                let mut field = |field: &'static str, a: String, b: String| {
                    if a != b {
                        report.changed.push(Change {
                            name: op.name.clone(),
                            field,
                            old: a,
                            new: b,
                        });
                    }
                };
                field("size", old.size.to_string(), op.size.to_string());
                field("n_pop", old.n_pop.to_string(), op.n_pop.to_string());
                field("n_push", old.n_push.to_string(), op.n_push.to_string());
                field("format", old.format.clone(), op.format.clone());
                field(
                    "kind",
                    kind(old.temporary).into(),
                    kind(op.temporary).into(),
                );
            }
        }
    }
    for op in &base.opcodes {
        if new.get(&op.name).is_none() {
            report.removed.push((op.name.clone(), op.byte));
        }
    }
    report.formats_added = new
        .formats
        .iter()
        .filter(|f| !base.formats.contains(f))
        .cloned()
        .collect();
    report.formats_removed = base
        .formats
        .iter()
        .filter(|f| !new.formats.contains(f))
        .cloned()
        .collect();
    report
}

fn kind(temporary: bool) -> &'static str {
    if temporary {
        "temporary"
    } else {
        "runtime"
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "no differences");
        }
        let list = |f: &mut fmt::Formatter<'_>, title: &str, items: &[String]| -> fmt::Result {
            if !items.is_empty() {
                writeln!(f, "{title} ({}):", items.len())?;
                for item in items {
                    writeln!(f, "  {item}")?;
                }
            }
            Ok(())
        };
        let named = |v: &[(String, u8)]| {
            v.iter()
                .map(|(n, b)| format!("{n} ({b})"))
                .collect::<Vec<_>>()
        };
        list(f, "added", &named(&self.added))?;
        list(f, "removed", &named(&self.removed))?;
        let renumbered: Vec<_> = self
            .renumbered
            .iter()
            .map(|(n, a, b)| format!("{n}: {a} -> {b}"))
            .collect();
        list(f, "renumbered", &renumbered)?;
        let changed: Vec<_> = self
            .changed
            .iter()
            .map(|c| format!("{}: {} {} -> {}", c.name, c.field, c.old, c.new))
            .collect();
        list(f, "changed", &changed)?;
        list(f, "formats added", &self.formats_added)?;
        list(f, "formats removed", &self.formats_removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    const BASE: &str = "#ifdef FMT\nFMT(none)\nFMT(u8)\n#endif\n#ifdef DEF\nDEF(a, 1, 0, 0, none)\nDEF(b, 2, 0, 1, u8)\nDEF(nop, 1, 0, 0, none)\ndef(t, 1, 0, 0, none)\n#endif\n";

    #[test]
    fn reports_each_kind_of_change() {
        let base = parse("base.h", BASE).unwrap();
        let new = parse(
            "new.h",
            &BASE
                .replace(
                    "DEF(a, 1, 0, 0, none)",
                    "DEF(z, 1, 0, 0, none)\nDEF(a, 1, 0, 0, none)",
                )
                .replace("DEF(b, 2, 0, 1, u8)", "DEF(b, 3, 1, 1, none)")
                .replace("def(t, 1, 0, 0, none)\n", "")
                .replace("FMT(u8)", "FMT(u16)"),
        );
        // `b` now uses format none, and u8 is gone: the header is still valid.
        let new = new.unwrap();
        let report = compare(&base, &new);
        assert_eq!(report.added, [("z".to_string(), 0)]);
        assert_eq!(report.removed, [("t".to_string(), 3)]);
        assert_eq!(
            report.renumbered,
            [("a".into(), 0, 1), ("b".into(), 1, 2), ("nop".into(), 2, 3)]
        );
        let fields: Vec<_> = report
            .changed
            .iter()
            .map(|c| (c.name.as_str(), c.field))
            .collect();
        assert_eq!(fields, [("b", "size"), ("b", "n_pop"), ("b", "format")]);
        assert_eq!(report.formats_added, ["u16"]);
        assert_eq!(report.formats_removed, ["u8"]);
        let text = report.to_string();
        assert!(text.contains("renumbered (3):\n  a: 0 -> 1\n"), "{text}");
        assert!(text.contains("b: size 2 -> 3"), "{text}");
        assert!(compare(&base, &base).is_empty());
    }
}
