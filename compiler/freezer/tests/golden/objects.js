function norm(p) {
  const d = p.x * p.x + p.y * p.y;
  return { len: Math.sqrt(d), tag: typeof p.name, first: p.list[0] };
}
norm({ x: 3, y: 4, name: "p", list: [1] });
