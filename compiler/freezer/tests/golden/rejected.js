function* gen() { yield 1; }
async function later() { return 1; }
function makeCounter() { let c = 0; return () => ++c; }
function usesArguments() { return arguments.length; }
function tiny(a) { return a; }
[gen, later, makeCounter, usesArguments, tiny];
