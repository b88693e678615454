// Uses nothing of Node (not even console): the start-up of the engine and the bundle alone.
let total = 0;
for (let i = 0; i < 10; i++) total += i;
if (total !== 45) throw new Error("wrong sum");
