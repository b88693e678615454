function sumSquares(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += i * i;
  return s;
}
sumSquares(10);
