// Peak-memory benchmark: keeps 600,000 small objects alive, then prints how many.
const items = [];
for (let i = 0; i < 600000; i++) {
  items.push({ id: i, name: 'item' + i, value: i * 2 });
}
console.log(`objects ${items.length}`);
