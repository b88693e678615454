// Annex B.3.5 (sloppy scripts): an initializer in a for-in head, assigned before the object is
// evaluated, an anonymous function named by it.
var log=[];
for (var f = function(){} in {a:1}) log.push(f);
console.log(log, typeof f);
for (var k = (log.push("init"), 0) in (log.push("obj"), {x:1})) log.push(k);
console.log(log);
