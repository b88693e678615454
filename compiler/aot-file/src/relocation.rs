//! The RELOCATION section: a symbol table (names), then groups of relocations, one group per
//! relocated section (`.rela.text` for the code, `.rela.rodata` for jump tables, ...). WAMR's
//! loader applies them at load time: a symbol is a function (`aot_func#N`, N counting defined
//! functions), a runtime helper (`aot_set_exception_with_id`, ...), or a section (`.text`,
//! `.rodata.cst16`, ...), in which case the addend is an offset into that section.

use crate::bytes::{Reader, Writer};
use crate::AotFileError;

/// One relocation (64-bit targets: offsets and addends are 64 bits wide).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relocation {
    /// Where in the relocated section the value is patched.
    pub offset: u64,
    /// The addend (for a section symbol: the offset into that section).
    pub addend: i64,
    /// The ELF relocation type (`R_X86_64_*`).
    pub kind: u32,
    /// Index into [`Relocations::symbols`].
    pub symbol: u32,
}

/// The relocations of one section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The relocation section's name (`.rela.text`, `.rela.rodata`, ...).
    pub name: String,
    /// Its relocations, in file order.
    pub relocations: Vec<Relocation>,
}

impl Group {
    /// The name of the section these relocations patch (`.rela.rodata` → `.rodata`).
    pub fn target(&self) -> &str {
        self.name
            .strip_prefix(".rela")
            .or_else(|| self.name.strip_prefix(".rel"))
            .unwrap_or(&self.name)
    }
}

/// The parsed RELOCATION section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Relocations {
    /// Every name a relocation or a group refers to, in table order.
    pub symbols: Vec<String>,
    /// The groups, in file order.
    pub groups: Vec<Group>,
}

impl Relocations {
    /// Parses the body `file[start..end]` of a RELOCATION section of a 64-bit `.aot`.
    pub(crate) fn parse(file: &[u8], start: usize, end: usize) -> Result<Self, AotFileError> {
        let mut r = Reader::new(file, start, end);
        let symbol_count = r.count(4, "symbol count")?;
        let offsets: Vec<u32> = (0..symbol_count)
            .map(|_| r.u32("symbol offset"))
            .collect::<Result<_, _>>()?;
        let strings_len = r.u32("symbol table size")? as usize;
        let strings_start = r.pos();
        let strings = r.bytes(strings_len, "symbol table")?;
        let symbols = offsets
            .iter()
            .map(|&at| {
                let at = at as usize;
                if at >= strings.len() {
                    return Err(AotFileError::Malformed {
                        offset: strings_start,
                        what: format!("symbol offset {at} is outside the symbol table"),
                    });
                }
                Reader::new(file, strings_start + at, strings_start + strings.len())
                    .string("symbol name")
                    .map(str::to_string)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let group_count = r.aligned_u32("relocation group count")?;
        let mut groups = Vec::new();
        for _ in 0..group_count {
            let name_index = r.aligned_u32("relocation group name")? as usize;
            let name = symbols
                .get(name_index)
                .ok_or_else(|| AotFileError::Malformed {
                    offset: r.pos(),
                    what: format!("relocation group name {name_index} is not a symbol"),
                })?
                .clone();
            let count = r.aligned_u32("relocation count")? as usize;
            if count.saturating_mul(24) > end - r.pos() {
                return Err(AotFileError::Malformed {
                    offset: r.pos(),
                    what: format!("relocation count {count} does not fit in the section"),
                });
            }
            let mut relocations = Vec::with_capacity(count);
            for _ in 0..count {
                r.align(4)?;
                let offset = r.u64("relocation offset")?;
                let addend = r.u64("relocation addend")? as i64;
                let kind = r.u32("relocation type")?;
                let symbol = r.u32("relocation symbol")?;
                if symbol as usize >= symbols.len() {
                    return Err(AotFileError::Malformed {
                        offset: r.pos(),
                        what: format!("relocation symbol {symbol} is not in the symbol table"),
                    });
                }
                relocations.push(Relocation {
                    offset,
                    addend,
                    kind,
                    symbol,
                });
            }
            groups.push(Group { name, relocations });
        }
        if !r.is_at_end() {
            return Err(AotFileError::Malformed {
                offset: r.pos(),
                what: "bytes left over after the relocations".into(),
            });
        }
        Ok(Relocations { symbols, groups })
    }

    /// Writes the section body as WAMR's emitter lays it out (a group name missing from
    /// [`Relocations::symbols`] is added to the written table).
    pub(crate) fn write(&self, w: &mut Writer) {
        let mut symbols: Vec<&str> = self.symbols.iter().map(String::as_str).collect();
        for group in &self.groups {
            if !symbols.contains(&group.name.as_str()) {
                symbols.push(&group.name);
            }
        }
        w.u32(symbols.len() as u32);
        let mut at = 0usize;
        for symbol in &symbols {
            w.u32(at as u32);
            at = (at + 2 + symbol.len() + 1).next_multiple_of(2);
        }
        w.u32(at as u32);
        for symbol in &symbols {
            w.string(symbol);
            w.align(2);
        }
        w.align(4);
        w.u32(self.groups.len() as u32);
        for group in &self.groups {
            let name = symbols
                .iter()
                .position(|s| *s == group.name)
                .expect("added above");
            w.align(4);
            w.u32(name as u32);
            w.align(4);
            w.u32(group.relocations.len() as u32);
            for relocation in &group.relocations {
                w.align(4);
                w.u64(relocation.offset);
                w.u64(relocation.addend as u64);
                w.u32(relocation.kind);
                w.u32(relocation.symbol);
            }
        }
    }
}
