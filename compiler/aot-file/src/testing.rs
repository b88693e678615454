//! Small, synthetic `.aot` files for the unit tests: the layout WAMR's emitter writes, with a
//! minimal module description (one memory, no tables, types, globals or imports).

use crate::bytes::Writer;
use crate::file::{section, section_with, MAGIC, VERSION};
use crate::relocation::{Group, Relocation, Relocations};

/// A relocation for [`Unit::relocations`]: group, offset, symbol, addend.
pub(crate) type Reloc = (&'static str, u64, &'static str, i64);

/// What a synthetic unit holds.
pub(crate) struct Unit {
    pub target: &'static [u8],
    pub func_count: u32,
    pub text: Vec<u8>,
    pub offsets: Vec<u64>,
    pub data_sections: Vec<(&'static str, Vec<u8>)>,
    pub relocations: Vec<Reloc>,
    pub engine: Option<&'static str>,
    /// The [`crate::FUNCTIONS_SECTION`] record.
    pub functions: &'static str,
    /// Another raw custom section (name, payload), such as a bounds-check marker.
    pub extra: Option<(&'static str, &'static str)>,
}

impl Unit {
    pub(crate) fn bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(&MAGIC);
        w.u32(VERSION);
        section_with(&mut w, section::TARGET_INFO, |w| w.bytes(self.target));
        section_with(&mut w, section::INIT_DATA, |w| {
            // memories: no imports, one memory (flags, page size, initial, maximum), no data
            for v in [0, 1, 0, 65536, 1, 1, 0] {
                w.u32(v);
            }
            // tables: no imports, no tables, no element segments; no types, no imported
            // globals, no globals, no imported functions
            for _ in 0..7 {
                w.u32(0);
            }
            w.u32(self.func_count);
            w.u32(u32::MAX);
            for _ in 0..3 {
                w.u32(u32::MAX);
                w.u64(0);
            }
            w.u32(0);
            w.align(4);
            w.u32(self.data_sections.len() as u32);
            for (name, data) in &self.data_sections {
                w.align(2);
                w.string(name);
                w.align(4);
                w.u32(data.len() as u32);
                w.bytes(data);
            }
        });
        section_with(&mut w, section::TEXT, |w| {
            w.u32(0);
            w.bytes(&self.text);
            w.align(4);
        });
        section_with(&mut w, section::FUNCTION, |w| {
            for &o in &self.offsets {
                w.u64(o);
            }
            for _ in 0..self.offsets.len() * 3 {
                w.u32(0);
            }
        });
        section_with(&mut w, section::EXPORT, |w| w.u32(0));
        section_with(&mut w, section::RELOCATION, |w| {
            let mut relocations = Relocations::default();
            let intern = |name: &str, r: &mut Relocations| -> u32 {
                match r.symbols.iter().position(|s| s == name) {
                    Some(i) => i as u32,
                    None => {
                        r.symbols.push(name.to_string());
                        r.symbols.len() as u32 - 1
                    }
                }
            };
            for &(group, offset, symbol, addend) in &self.relocations {
                intern(group, &mut relocations);
                let relocation = Relocation {
                    offset,
                    addend,
                    kind: 4,
                    symbol: intern(symbol, &mut relocations),
                };
                match relocations.groups.iter_mut().find(|g| g.name == group) {
                    Some(g) => g.relocations.push(relocation),
                    None => relocations.groups.push(Group {
                        name: group.to_string(),
                        relocations: vec![relocation],
                    }),
                }
            }
            relocations.write(w);
        });
        let records = [
            self.engine.map(|e| (crate::link::ENGINE_SECTION, e)),
            Some((crate::link::FUNCTIONS_SECTION, self.functions)),
            self.extra,
        ];
        for (name, payload) in records.into_iter().flatten() {
            section_with(&mut w, section::CUSTOM, |w| {
                w.u32(0);
                w.string(name);
                w.bytes(payload.as_bytes());
            });
        }
        w.into_bytes()
    }
}
